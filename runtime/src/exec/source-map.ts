// Where each Task and DAG class is defined, for `run-start` (file, line) and the graph's node locations.
// The loader records it when it imports a project module (it knows the file and its source text);
// classes it never saw (defined in tests, or in a module loaded some other way) have no location.

export interface SourceLoc {
  /** Absolute path of the user's .ts file. */
  file: string;
  /** 1-based line of the `class` declaration. */
  line: number;
}

const locations = new WeakMap<Function, SourceLoc>();

export function sourceOf(cls: Function): SourceLoc | undefined {
  return locations.get(cls);
}

/**
 * Records the location of every class a module exports, found by its `class Name` declaration in the
 * module's source text. A class exported under another name is found by its own name (`cls.name`).
 */
export function recordModuleSources(file: string, sourceText: string, moduleExports: Record<string, unknown>): void {
  const lines = classDeclarationLines(sourceText);
  for (const value of Object.values(moduleExports)) {
    if (typeof value !== "function" || locations.has(value)) continue;
    const line = lines.get(value.name);
    if (line !== undefined) locations.set(value, { file, line });
  }
}

/**
 * `class Name` declarations of a source text: name → 1-based line of the first one. One pass over the
 * text, counting newlines only up to each match: a 10,000-task project's modules are read in a few ms
 * (a regex per line cost ~40 ms).
 */
export function classDeclarationLines(sourceText: string): Map<string, number> {
  const found = new Map<string, number>();
  const decl = /\bclass\s+([A-Za-z_$][\w$]*)/g;
  let line = 1;
  let counted = 0;
  for (let m = decl.exec(sourceText); m !== null; m = decl.exec(sourceText)) {
    for (let nl = sourceText.indexOf("\n", counted); nl !== -1 && nl < m.index; nl = sourceText.indexOf("\n", nl + 1)) {
      line++;
      counted = nl + 1;
    }
    if (!found.has(m[1])) found.set(m[1], line);
  }
  return found;
}
