// The user's guide against the code: every command and flag `gluepy --help` shows (subcommands too, read
// from the CLI's own code) is in docs/cli.md and the reverse; so are the GLUEPY_* variables, run events and
// exit codes; every gluepy.config.ts key is in docs/context-and-config.md; every command, setting and
// diagnostic code in docs/editor.md, the palette's commands and the settings on the marketplace page; every
// `gluepy ...` line the guide shows names real commands and flags; no link is broken. A change that adds or
// renames one of these without its documentation fails here.

import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { main } from "../../runtime/src/cli/main";
import type { CliIO } from "../../runtime/src/cli/cli-io";
import { PROBLEM_SEVERITY } from "../../shared/dag-model";
import { RUN_EVENT_NAMES } from "../../shared/events";
import * as exitCodes from "../../shared/exit-codes";
import { commandLinesOf, commandsOf, docFlagRows, flagNames, helpEntries, linksOf, sectionOf, tableKeys } from "./markdown-and-help";

const REPO = resolve(__dirname, "../..");
const read = (file: string) => readFileSync(join(REPO, file), "utf8");

/** `gluepy <argv> --help` from the CLI's own code, in a project with no commands of its own. */
async function helpOf(path: string[], emptyProject: string): Promise<string> {
  let out = "";
  let err = "";
  const io: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { ...process.env, NO_COLOR: "1" }, exitCode: 0 };
  const code = await main(["--project", emptyProject, ...path, "--help"], io);
  assert.equal(code, 0, `gluepy ${path.join(" ")} --help exited ${code}: ${err}`);
  return out;
}

/** Every command path (`[]` for gluepy itself, `["airflow", "generate"]`, ...) with the option terms its help shows. */
async function cliSurface(): Promise<Map<string, string[]>> {
  const emptyProject = mkdtempSync(join(tmpdir(), "gluepy-docs-"));
  try {
    const surface = new Map<string, string[]>();
    const visit = async (path: string[]): Promise<void> => {
      const help = await helpOf(path, emptyProject);
      surface.set(path.join(" "), helpEntries(help, "Options").filter((t) => t !== "-h, --help"));
      for (const name of commandsOf(help)) {
        // Commander's own `help [command]`: documented once, for gluepy itself.
        if (name === "help") {
          if (path.length === 0) surface.set("help", []);
          continue;
        }
        await visit([...path, name]);
      }
    };
    await visit([]);
    return surface;
  } finally {
    rmSync(emptyProject, { recursive: true, force: true });
  }
}

describe("the user's guide (docs/) matches the code", function () {
  this.timeout(60_000);

  describe("docs/cli.md", () => {
    let surface: Map<string, string[]>;
    let documented: Map<string, string[]>;
    before(async () => {
      surface = await cliSurface();
      documented = docFlagRows(read("docs/cli.md"));
    });

    it("finds the built-in commands in --help (the test reads help correctly)", () => {
      for (const path of ["", "dag", "list", "runs", "worker submit", "airflow generate"]) assert.ok(surface.has(path), `no '${path}' in --help`);
      assert.ok(surface.get("dag")!.includes("--retry <folder>"), "dag --help shows --retry <folder>");
    });

    it("documents every command --help shows, and no command it does not", () => {
      const inHelp = [...surface.keys()].sort();
      const inDocs = [...documented.keys()].sort();
      const missing = inHelp.filter((p) => !documented.has(p));
      const stale = inDocs.filter((p) => !surface.has(p));
      assert.deepEqual({ missing, stale }, { missing: [], stale: [] }, "a heading `## `gluepy <command> ...`` per command in docs/cli.md");
    });

    it("documents every flag of every command exactly as --help shows it, and no flag it does not", () => {
      const drift: string[] = [];
      for (const [path, flags] of surface) {
        const docs = documented.get(path) ?? [];
        for (const f of flags) if (!docs.includes(f)) drift.push(`gluepy ${path}: '${f}' is in --help but not in docs/cli.md`);
        for (const f of docs) if (!flags.includes(f)) drift.push(`gluepy ${path}: '${f}' is in docs/cli.md but not in --help`);
      }
      assert.deepEqual(drift, []);
    });

    it("uses, in every gluepy command line the guide shows, only commands and flags that exist", () => {
      // Commands a page defines as a project's own, by way of example.
      const exampleCommands = new Set(["clean"]);
      const globalFlags = surface.get("")!.flatMap(flagNames);
      const wrong: string[] = [];
      const pages = ["README.md", "CONTRIBUTING.md", "SECURITY.md", ...markdownUnder("docs")].filter((f) => existsSync(join(REPO, f)));
      for (const page of pages) {
        for (const words of commandLinesOf(read(page))) {
          let path: string[] = [];
          while (path.length < words.length && surface.has([...path, words[path.length]!].join(" "))) path = [...path, words[path.length]!];
          const first = words[0];
          if (path.length === 0 && first && /^[a-z]/.test(first) && !exampleCommands.has(first)) {
            wrong.push(`${page}: 'gluepy ${words.join(" ")}': no command '${first}'`);
            continue;
          }
          if (path.length === 0 && first && exampleCommands.has(first)) continue;
          const known = new Set(["-h", "--help", ...globalFlags, ...(surface.get(path.join(" ")) ?? []).flatMap(flagNames)]);
          for (const w of words.slice(path.length)) {
            const flag = /^(--?[A-Za-z][\w-]*)/.exec(w)?.[1];
            if (flag && !known.has(flag)) wrong.push(`${page}: 'gluepy ${words.join(" ")}': gluepy ${path.join(" ")} has no flag ${flag}`);
          }
        }
      }
      assert.deepEqual(wrong, []);
    });

    it("lists every GLUEPY_* environment variable the runtime reads, and no other", () => {
      const inCode = new Set<string>();
      for (const file of filesUnder("runtime/src", ".ts")) {
        for (const m of read(file).matchAll(/(?:env\.|["'`])(GLUEPY_[A-Z0-9_]+)\b/g)) inCode.add(m[1]!);
      }
      const documented = new Set([...sectionOf(read("docs/cli.md"), "Environment variables").matchAll(/`(GLUEPY_[A-Z0-9_]+)`/g)].map((m) => m[1]!));
      assert.deepEqual([...documented].sort(), [...inCode].sort());
    });

    it("lists every run event and exit code", () => {
      const md = read("docs/cli.md");
      assert.deepEqual(tableKeys(sectionOf(md, "Events")).sort(), [...RUN_EVENT_NAMES].sort());
      const codes = Object.entries(exitCodes)
        .filter(([, v]) => typeof v === "number")
        .map(([, v]) => String(v));
      assert.deepEqual(tableKeys(sectionOf(md, "Exit codes")).sort(), [...new Set(codes)].sort());
    });
  });

  it("docs/context-and-config.md documents every key gluepy.config.ts accepts, and no other", () => {
    // Every key settings.ts checks: check.<kind>("key", ...) and check.pick(env, "GLUEPY_X", "key", ...).
    const source = read("runtime/src/conf/settings.ts");
    const inCode = new Set<string>();
    for (const m of source.matchAll(/\bcheck\.(?!moved\b|fail\b)\w+\((?:env, "[A-Z0-9_]+", )?"([a-zA-Z][\w.]*)"/g)) inCode.add(m[1]!);
    const rows = sectionOf(read("docs/context-and-config.md"), "Settings: `gluepy.config.ts`")
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map((l) => l.split(" | ")[0]!);
    const documented = rows.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    const covers = (doc: string, key: string) => doc === key || (doc.endsWith(".*") ? key.startsWith(doc.slice(0, -1)) : key.startsWith(`${doc}.`));
    const leaves = [...inCode].filter((k) => ![...inCode].some((o) => o.startsWith(`${k}.`)));
    const undocumented = leaves.filter((k) => !documented.some((d) => covers(d, k)));
    const unknown = documented.filter((d) => (d.endsWith(".*") ? ![...inCode].some((k) => covers(d, k)) : !inCode.has(d)));
    assert.deepEqual({ undocumented, unknown }, { undocumented: [], unknown: [] });
  });

  describe("docs/editor.md", () => {
    const md = read("docs/editor.md");
    const pkg = JSON.parse(read("package.json")) as {
      contributes: { commands: { command: string }[]; configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[] };
    };

    it("documents every command of package.json, and no other", () => {
      const commands = pkg.contributes.commands.map((c) => c.command).sort();
      assert.deepEqual(tableKeys(sectionOf(md, "Commands")).sort(), commands);
    });

    it("documents every setting of package.json, and no other", () => {
      const groups = [pkg.contributes.configuration].flat();
      const settings = groups.flatMap((g) => Object.keys(g.properties)).sort();
      assert.deepEqual(tableKeys(sectionOf(md, "Settings")).sort(), settings);
    });

    it("explains every diagnostic code the extension can report, with its severity, and no other", () => {
      const table = sectionOf(md, "Diagnostics");
      const codes = [...new Set([...Object.keys(PROBLEM_SEVERITY), ...diagnosticCodesInSource()])].sort();
      assert.deepEqual(tableKeys(table).sort(), codes);
      for (const [code, severity] of Object.entries(PROBLEM_SEVERITY)) {
        assert.match(table, new RegExp("^\\| `" + code + "` \\| " + severity + " \\|", "m"), `${code} is documented as ${severity}`);
      }
    });
  });

  describe("docs/marketplace.md (the extension's page, packed by vsce)", () => {
    const md = read("docs/marketplace.md");
    const pkg = JSON.parse(read("package.json")) as {
      contributes: {
        commands: { command: string; title: string; category?: string }[];
        configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
        menus?: { commandPalette?: { command: string; when?: string }[] };
      };
    };

    it("lists every command the Command Palette shows, by its title, and no other", () => {
      const hidden = new Set((pkg.contributes.menus?.commandPalette ?? []).filter((m) => m.when === "false").map((m) => m.command));
      const shown = pkg.contributes.commands.filter((c) => !hidden.has(c.command)).map((c) => `${c.category ? `${c.category}: ` : ""}${c.title}`);
      const listed = [...sectionOf(md, "Commands").matchAll(/^\| ([^|`]+?) \|/gm)].map((m) => m[1]!).filter((t) => t !== "command");
      assert.deepEqual(listed.sort(), shown.sort());
    });

    it("lists every setting", () => {
      const settings = [pkg.contributes.configuration].flat().flatMap((g) => Object.keys(g.properties));
      assert.deepEqual(tableKeys(sectionOf(md, "Settings")).sort(), settings.sort());
    });

    it("has no relative link, nor has CHANGELOG.md (vsce packs both and refuses relative links: the extension has no repository URL)", () => {
      assert.deepEqual(linksOf(md), []);
      assert.deepEqual(linksOf(read("CHANGELOG.md")), []);
    });
  });

  it("has no link to a file that does not exist", () => {
    const files = ["README.md", "CONTRIBUTING.md", "SECURITY.md", "CHANGELOG.md", ...markdownUnder("docs")].filter((f) => existsSync(join(REPO, f)));
    const broken: string[] = [];
    for (const file of files) {
      for (const link of linksOf(read(file))) {
        if (!existsSync(resolve(REPO, dirname(file), link))) broken.push(`${file} → ${link}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it("keeps README.md's two commands", () => {
    const readme = read("README.md");
    assert.match(readme, /^npm run example\b/m);
    assert.match(readme, /^npm test\b/m);
    assert.match(readme, /\(docs\/README\.md\)/, "README.md links the user's guide");
  });
});

/** Codes given to diagnostics in the server and the client (`code: "x"`, `.code = "x"`), beside the DAG problems. */
function diagnosticCodesInSource(): string[] {
  const codes = new Set<string>();
  for (const dir of ["shared", "server/src", "client/src"]) {
    for (const file of filesUnder(dir, ".ts")) {
      for (const m of read(file).matchAll(/\bcode\s*[:=]\s*"([a-z]+(?:-[a-z]+)+)"/g)) codes.add(m[1]!);
    }
  }
  return [...codes];
}

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(join(REPO, d))) {
      const rel = join(d, name);
      if (name === "test" || name === "node_modules") continue;
      if (statSync(join(REPO, rel)).isDirectory()) walk(rel);
      else if (name.endsWith(ext)) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

function markdownUnder(dir: string): string[] {
  return filesUnder(dir, ".md");
}
