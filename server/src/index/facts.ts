// What the index keeps of one source file: its imports, exports and the Task/DAG-shaped classes, with
// positions. Extracted from one parse; the AST is dropped afterwards so 10,000 files fit in memory.

import type { LspRange } from "../../../shared/protocol";

/** A class reference as written: `X` or `ns.X`. */
export interface RefExpr {
  head: string;
  member?: string;
  range: LspRange;
}

export type EntryFact =
  | { kind: "ref"; ref: RefExpr }
  | { kind: "stage"; members: RefExpr[]; range: LspRange }
  | { kind: "after"; ref: RefExpr; deps: RefExpr[]; range: LspRange }
  | { kind: "opaque"; range: LspRange; text: string };

/** `static tasks = [...]` read statically, or the place where it could not be. */
export type EntryListFact =
  | { static: true; entries: EntryFact[]; range: LspRange; start: number; end: number }
  | { static: false; range: LspRange; text: string };

export type LabelFact = { static: true; value: string; range: LspRange } | { static: false; range: LspRange; text: string };

export interface ClassFact {
  /** The class's own name (what the runtime sees as `cls.name`; "default" for an anonymous default export). */
  name: string;
  /** How the file refers to it: the name, a `const` it is assigned to, or `Namespace.Name`. */
  binding: string;
  nameRange: LspRange;
  /** The whole declaration. */
  range: LspRange;
  exported: boolean;
  /** It declares an instance method `run` with a body (what makes a Task subclass a task). */
  declaresRun: boolean;
  /** The `extends` clause, when it names a class. */
  base?: RefExpr;
  label?: LabelFact;
  tasks?: EntryListFact;
  evalTasks?: EntryListFact;
}

export interface ImportFact {
  local: string;
  module: string;
  /** The exported name, "default", or "*" for `import * as local`. */
  imported: string;
  range: LspRange;
}

export interface ExportFact {
  exported: string;
  local: string;
}

export interface ReexportFact {
  exported: string;
  /** The name in `module`, or "*" for `export * as exported from`. */
  imported: string;
  module: string;
}

export interface FileFacts {
  classes: ClassFact[];
  imports: ImportFact[];
  exports: ExportFact[];
  reexports: ReexportFact[];
  /** Modules of `export * from`. */
  starExports: string[];
  /** The line after the last top-level import: where a quick fix adds one. */
  importInsertLine: number;
}
