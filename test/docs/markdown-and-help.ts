// Reading the two sides the docs test compares: commander's --help text, and the reference pages' headings
// and tables. Pure functions of text.

/** The entry terms of one section of commander help ("Options:", "Commands:"), e.g. "--task <label>". */
export function helpEntries(help: string, section: "Options" | "Commands" | "Arguments"): string[] {
  const lines = help.split("\n");
  const start = lines.findIndex((l) => l === `${section}:`);
  if (start < 0) return [];
  const terms: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "" || /^\S/.test(line)) break;
    // An entry starts at two spaces; a wrapped description is indented further.
    const m = /^ {2}(\S.*?)(?: {2,}|$)/.exec(line);
    if (m) terms.push(m[1]!);
  }
  return terms;
}

/** The command names of a help text's "Commands:" section ("submit [options] <label>" → "submit"). */
export function commandsOf(help: string): string[] {
  return helpEntries(help, "Commands").map((t) => t.split(" ")[0]!);
}

/**
 * The commands a reference page documents, by heading ("## `gluepy worker submit <label>`" → "worker submit";
 * "## `gluepy`" → ""), each with the flag terms of its table rows ("| `--task <label>` | ..." → "--task <label>").
 */
export function docFlagRows(md: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of withoutFences(md).split("\n")) {
    const heading = /^#{2,3} `gluepy((?: [a-z][\w-]*)*)[^`]*`\s*$/.exec(line);
    if (heading) {
      current = [];
      out.set(heading[1]!.trim(), current);
      continue;
    }
    if (/^#{1,3} /.test(line)) {
      current = undefined;
      continue;
    }
    const row = /^\| `(-[^`]+)` \|/.exec(line);
    if (row && current) current.push(row[1]!);
  }
  return out;
}

/** The text under a heading (any level) up to the next heading of the same or a higher level. */
export function sectionOf(md: string, title: string): string {
  const lines = withoutFences(md).split("\n");
  const start = lines.findIndex((l) => /^#+ /.test(l) && l.replace(/^#+ /, "").trim() === title);
  if (start < 0) throw new Error(`no heading '${title}'`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/** The first cell of each table row whose first cell is code or a number: "| `gluepy.runDag` | ..." → "gluepy.runDag". */
export function tableKeys(section: string): string[] {
  const keys: string[] = [];
  for (const line of section.split("\n")) {
    const m = /^\| (?:`([^`]+)`|(\d+)) \|/.exec(line);
    if (m) keys.push(m[1] ?? m[2]!);
  }
  return keys;
}

/** Relative file links of a Markdown text (no URLs, no in-page anchors), without their #anchor. */
export function linksOf(md: string): string[] {
  const links: string[] = [];
  for (const m of md.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1]!;
    if (/^[a-z]+:/i.test(target) || target.startsWith("#")) continue;
    links.push(target.split("#")[0]!);
  }
  return links;
}

/**
 * The `gluepy ...` command lines a page shows, in code spans and fenced blocks, each as its words after
 * "gluepy" ("gluepy dag hello --retry <folder>" → ["dag", "hello", "--retry", "<folder>"]).
 */
export function commandLinesOf(md: string): string[][] {
  const snippets: string[] = [];
  let fenced = false;
  for (const line of md.split("\n")) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) snippets.push(line.replace(/\s#\s.*$/, ""));
    else for (const m of line.matchAll(/`([^`]+)`/g)) snippets.push(m[1]!);
  }
  const lines: string[][] = [];
  for (const snippet of snippets) {
    for (const m of snippet.matchAll(/(?:^|[\s(&;|])gluepy((?: +[^\s&;|]+)*)/g)) {
      lines.push(m[1]!.trim().split(/ +/).filter(Boolean).map((w) => w.replace(/^[[(]+|[\]),.;:]+$/g, "")));
    }
  }
  return lines;
}

/** The flag names of an option term: "-V, --version" → ["-V", "--version"]; "--task <label>" → ["--task"]. */
export function flagNames(term: string): string[] {
  return [...term.matchAll(/(?:^|[\s,])(--?[A-Za-z][\w-]*)/g)].map((m) => m[1]!);
}

/** The text with every line of a fenced code block blanked (a "# comment" in a shell block is no heading). */
export function withoutFences(md: string): string {
  let fenced = false;
  return md
    .split("\n")
    .map((line) => {
      if (/^\s*```/.test(line)) {
        fenced = !fenced;
        return "";
      }
      return fenced ? "" : line;
    })
    .join("\n");
}
