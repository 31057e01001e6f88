// Which classes are Gluepy Tasks and DAGs: the one rule the language server (facts read from TypeScript
// source), the runtime's static scanner (facts read from esbuild's JS output) and the runtime's registry
// (facts read from loaded classes) all apply, so the editor and `gluepy` never disagree on what a task is.
//
// Pure: the caller reads each class declaration into a `ClassDeclaration`, resolves its `extends` clause
// itself (imports, re-exports, namespaces: whatever its parser knows), and classifies bases before
// subclasses, keeping each class's `Lineage` to pass as the base of the next:
//
//   const lineage = lineageOf(decl, baseOfDecl);   // undefined: not under Task or DAG at all
//   const kind = lineage && kindOf(lineage);      // "task" | "dag" | undefined (e.g. an abstract base task)
//   const listed = lineage && isRegistered(lineage, decl);
//   const label = classLabel(decl);
//
// What counts (as the runtime does it, DESIGN §2):
// - a Task is a subclass of gluepy's `Task`, at any depth, with a `run` method on its prototype chain. A base
//   without one (`abstract class BaseTask extends Task`, or one whose `run` is abstract or an instance field)
//   is a base, not a task: naming it in a DAG is an `unknown-task`.
// - a DAG is gluepy's `DAG` or any subclass of it; naming one in a DAG's entries inlines it as a sub-DAG.
// - Registered (listed by `gluepy list`, runnable as `gluepy dag <label>`, checked for duplicate labels) are
//   the exported tasks, and the exported DAGs that declare their own `label`, `tasks` or `evalTasks`: a DAG
//   class that declares none of them only shares code.
// - Anonymous default exports count like any class (`export default class extends Task {}`); their name is
//   JavaScript's, "default", so without a `static label` their label is "default".

import { defaultLabel } from "./dag-model";

/** What one class declaration says about itself, as written. */
export interface ClassDeclaration {
  /**
   * The class's own name; for an anonymous class, the name JavaScript gives it: the variable it is assigned
   * to (`const T = class extends Task {}` is "T"), or "default" for `export default class extends Task {}`.
   */
  name: string;
  /** It declares an instance method `run` with a body (an abstract `run()` or a `run = …` field is not on the prototype). */
  declaresRun: boolean;
  /** The string of its own `static label = "…"`; undefined when it declares none or one that is not a literal. */
  label?: string;
  /** It declares its own `static label`, literal or not. */
  declaresLabel: boolean;
  /** It declares its own `static tasks` or `static evalTasks`. */
  declaresTasks: boolean;
  /** Its module exports it (by any name, default included, or through an exported namespace). */
  exported: boolean;
}

/** What the `extends` clause of a declaration names, resolved by the caller. */
export type BaseClass =
  /** gluepy's own `Task` or `DAG` (imported from "gluepy"). */
  | { kind: "gluepy"; name: "Task" | "DAG" }
  /** Another class of the project, already classified: its lineage. */
  | { kind: "class"; lineage: Lineage }
  /** No `extends`, or one naming something that is neither (a library class, an unresolved name). */
  | undefined;

/** A class's descent from Task or DAG: what its subclasses inherit. */
export interface Lineage {
  root: "Task" | "DAG";
  /** This class or one of its bases declares `run`. */
  hasRun: boolean;
}

/** The lineage of a declaration from its base's; undefined when it descends from neither Task nor DAG. */
export function lineageOf(decl: Pick<ClassDeclaration, "declaresRun">, base: BaseClass): Lineage | undefined {
  if (!base) return undefined;
  const inherited: Lineage = base.kind === "gluepy" ? { root: base.name, hasRun: false } : base.lineage;
  return { root: inherited.root, hasRun: inherited.hasRun || decl.declaresRun };
}

/** What a DAG entry naming this class resolves to; undefined for a base task without `run`. */
export function kindOf(lineage: Lineage): "task" | "dag" | undefined {
  if (lineage.root === "DAG") return "dag";
  return lineage.hasRun ? "task" : undefined;
}

/** Whether the project lists the class under its label (`gluepy list`, `gluepy dag <label>`, duplicate labels). */
export function isRegistered(lineage: Lineage, decl: Pick<ClassDeclaration, "exported" | "declaresLabel" | "declaresTasks">): boolean {
  const kind = kindOf(lineage);
  if (!kind || !decl.exported) return false;
  return kind === "task" || decl.declaresLabel || decl.declaresTasks;
}

/** The class's label: its own literal `static label`, else its name lower-cased (Gluepy's default). */
export function classLabel(decl: Pick<ClassDeclaration, "name" | "label">): string {
  return decl.label ?? defaultLabel(decl.name);
}

/** The name JavaScript gives a class declared as `export default class extends …` (no name of its own). */
export const ANONYMOUS_DEFAULT_EXPORT_NAME = "default";
