// A DAG class read into the shared model and resolved by shared/resolve-dag.ts, the one validation of a DAG
// (the language server runs the same on source text). Refs are class objects; locations are SourceLocs.

import type { ClassInfo, DagEntry, DagGraph, DagInfo, RefUse } from "../../../shared/dag-model";
import { buildDagGraph } from "../../../shared/resolve-dag";
import { DAG, type DagClass } from "./dag-class";
import { labelOf } from "./labels";
import type { Registry } from "./registry";
import { sourceOf, type SourceLoc } from "./source-map";
import { AfterEntry, Task, type TaskClass } from "./task";

export type RuntimeGraph = DagGraph<SourceLoc>;

/** The resolved graph of a DAG class, and the task class behind each node label. */
export interface ResolvedDag {
  graph: RuntimeGraph;
  taskClasses: Map<string, TaskClass>;
}

export function resolveDag(dag: DagClass): ResolvedDag {
  const taskClasses = new Map<string, TaskClass>();
  const resolve = (ref: unknown): ClassInfo<unknown, SourceLoc> | undefined => {
    if (typeof ref !== "function") return undefined;
    const proto: unknown = ref.prototype;
    // Reflect.get: each class has a shape of its own, so a plain read misses V8's property caches.
    if (proto instanceof Task && typeof Reflect.get(proto, "run") === "function") {
      const label = labelOf(ref);
      // The first class seen under a label wins; a second one is reported as a duplicate task by label.
      if (!taskClasses.has(label)) taskClasses.set(label, ref as TaskClass);
      return { kind: "task", label, className: Reflect.get(ref, "name") as string, loc: sourceOf(ref) };
    }
    if (ref === DAG || ref.prototype instanceof DAG) return dagInfo(ref as DagClass);
    return undefined;
  };
  const graph = buildDagGraph<unknown, SourceLoc>(dagInfo(dag), resolve);
  return { graph, taskClasses };
}

/** The graph of the DAG registered under `label`, or undefined when there is none. */
export function graphFor(registry: Registry, label: string): RuntimeGraph | undefined {
  const dag = registry.dags.get(label);
  return dag ? resolveDag(dag).graph : undefined;
}

function dagInfo(dag: DagClass): DagInfo<unknown, SourceLoc> {
  return {
    kind: "dag",
    label: labelOf(dag),
    className: dag.name,
    loc: sourceOf(dag),
    tasks: readEntries(dag.tasks),
    evalTasks: readEntries(dag.evalTasks),
  };
}

function readEntries(entries: unknown): DagEntry<unknown, SourceLoc>[] {
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) return [{ kind: "opaque", text: `not a list: ${describe(entries)}` }];
  return entries.map(readEntry);
}

function readEntry(entry: unknown): DagEntry<unknown, SourceLoc> {
  if (entry instanceof AfterEntry) return { kind: "after", ref: use(entry.task), deps: entry.deps.map(use) };
  if (Array.isArray(entry)) return { kind: "stage", members: entry.map(use) };
  return { kind: "ref", ref: use(entry) };
}

function use(ref: unknown): RefUse<unknown, SourceLoc> {
  return new ClassRef(ref);
}

/** A reference in a DAG's entries. Its name only shows in problem messages: computed when one is written. */
class ClassRef implements RefUse<unknown, SourceLoc> {
  constructor(readonly ref: unknown) {}

  get name(): string {
    return describe(this.ref);
  }
}

function describe(value: unknown): string {
  if (typeof value === "function") return value.name || "(anonymous class)";
  if (value === undefined) return "undefined (an import that does not resolve, or a class used before it is defined)";
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
