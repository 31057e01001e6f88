// The DAG model shared by runtime, language server, client and webview.
// Pure data and types: no Node, no VS Code. A "ref" (R) is whatever the caller uses to name a class
// (the runtime passes class objects, the server passes symbol keys); a "loc" (L) is whatever it uses
// for source positions. The model never looks inside either.

/** One entry of a DAG's `static tasks` / `static evalTasks` list (DESIGN §2). */
export type DagEntry<R, L = unknown> =
  | { kind: "ref"; ref: RefUse<R, L> }
  | { kind: "stage"; members: RefUse<R, L>[]; loc?: L }
  | { kind: "after"; ref: RefUse<R, L>; deps: RefUse<R, L>[] }
  /** An entry whose shape cannot be read (the server reports it as `not-static`). */
  | { kind: "opaque"; loc?: L; text?: string };

/** A reference to a class as written at one place. */
export interface RefUse<R, L = unknown> {
  ref: R;
  /** How the reference is spelled, for messages ("DataTask"). */
  name: string;
  loc?: L;
}

export interface TaskInfo<L = unknown> {
  kind: "task";
  label: string;
  className: string;
  loc?: L;
}

export interface DagInfo<R, L = unknown> {
  kind: "dag";
  label: string;
  className: string;
  loc?: L;
  tasks: DagEntry<R, L>[];
  evalTasks: DagEntry<R, L>[];
}

export type ClassInfo<R, L = unknown> = TaskInfo<L> | DagInfo<R, L>;

/** Looks a ref up; undefined means it names no Task or DAG class. */
export type RefResolver<R, L = unknown> = (ref: R) => ClassInfo<R, L> | undefined;

export type ProblemCode =
  | "unknown-task"
  | "unknown-dependency"
  | "cycle"
  | "duplicate-label"
  | "duplicate-task"
  | "empty-dag"
  | "not-static";

export type ProblemSeverity = "error" | "warning" | "information";

export const PROBLEM_SEVERITY: Record<ProblemCode, ProblemSeverity> = {
  "unknown-task": "error",
  "unknown-dependency": "error",
  cycle: "error",
  "duplicate-label": "error",
  "duplicate-task": "error",
  "empty-dag": "warning",
  "not-static": "information",
};

export interface RelatedInfo<L> {
  message: string;
  loc?: L;
}

export interface DagProblem<L = unknown> {
  code: ProblemCode;
  severity: ProblemSeverity;
  message: string;
  /** Where to show it: the offending entry, or the DAG class when there is no better place. */
  loc?: L;
  related: RelatedInfo<L>[];
  /** For `cycle`: the labels along the cycle, first repeated at the end. */
  path?: string[];
}

export interface TaskNode<L = unknown> {
  /** Task label: the node id, unique within one DAG. */
  label: string;
  className: string;
  /** Where the task class is defined. */
  loc?: L;
  /** Where the DAG lists it (the entry that brought it in). */
  entryLoc?: L;
  /** True for tasks from `evalTasks` (skipped by `--skip-eval`, the only ones run by `--eval-only`). */
  eval: boolean;
  /** Labels of the sub-DAGs this task was inlined through, outermost first; empty for direct entries. */
  groups: string[];
}

export type Edge = [from: string, to: string];

export interface SubDagGroup<L = unknown> {
  /** Sub-DAG label; the group id is the path of labels joined by "/". */
  id: string;
  label: string;
  className: string;
  parent?: string;
  loc?: L;
}

/** A DAG resolved to its tasks and edges: what runs, what the graph shows. */
export interface DagGraph<L = unknown> {
  dag: string;
  className: string;
  loc?: L;
  nodes: TaskNode<L>[];
  edges: Edge[];
  groups: SubDagGroup<L>[];
  problems: DagProblem<L>[];
}

export function hasErrors(graph: Pick<DagGraph, "problems">): boolean {
  return graph.problems.some((p) => p.severity === "error");
}

/** Gluepy's default label: the class name lower-cased. */
export function defaultLabel(className: string): string {
  return className.toLowerCase();
}
