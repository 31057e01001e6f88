// Which tasks of a DAG are outdated against the DAG's last run with the run cache on (issue 13), as you
// type: a task whose recorded code (its module and every project module that module reached) differs
// from the current text of those files, or whose class now sits in a module outside them; and every task
// that runs after an outdated one (`upstream`). Pure: the caller gives the graph, the recorded code per
// task and each file's current hash. Nothing is executed: the files are compared, as the runtime's
// fingerprint compares them (shared/code-fingerprint.ts).

import { codeFileReasons } from "../../../shared/code-fingerprint";
import type { DagGraph } from "../../../shared/dag-model";
import type { CacheReason, TaskFingerprint } from "../../../shared/run-cache";
import { adjacency } from "../../../shared/topo";

export interface OutdatedInput<L> {
  graph: Pick<DagGraph<L>, "nodes" | "edges">;
  /** Task label → the `code` its fingerprint recorded in the last run; tasks left out recorded none. */
  recorded: Readonly<Record<string, TaskFingerprint["code"]>>;
  /** The project-relative key of the module a task class is declared in now, when known. */
  moduleKey(loc: L | undefined): string | undefined;
  /** The current hash of a project file by its key (open buffers win over the disk); undefined when it is gone. */
  hashNow(key: string): string | undefined;
}

/**
 * Task label → why it is outdated (never empty), in the graph's node order: `code` reasons first (the
 * changed files), then `upstream` (each outdated task it runs right after). A task that recorded no
 * fingerprint (new to the DAG, failed or opted out last time) is only marked through its upstream.
 */
export function outdatedTasks<L>(input: OutdatedInput<L>): Map<string, CacheReason[]> {
  const { graph, recorded } = input;
  const marked = new Map<string, CacheReason[]>();
  const queue: string[] = [];
  for (const node of graph.nodes) {
    const code = recorded[node.label];
    if (!code) continue;
    const now: Record<string, string | undefined> = {};
    for (const key of Object.keys(code)) now[key] = input.hashNow(key);
    // A class moved to another module reaches other files: the new module is the change that says so.
    const moduleKey = input.moduleKey(node.loc);
    if (moduleKey !== undefined && !(moduleKey in code)) now[moduleKey] = input.hashNow(moduleKey);
    const reasons = codeFileReasons(code, now);
    if (reasons.length === 0) continue;
    marked.set(node.label, reasons);
    queue.push(node.label);
  }
  // Downstream of each outdated task, breadth first: each edge is looked at once per outdated source, and a
  // cycle (reported elsewhere as a problem) cannot loop.
  const { succ } = adjacency(
    graph.nodes.map((n) => n.label),
    graph.edges,
  );
  const upstreamOf = new Map<string, Set<string>>();
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i]!;
    for (const to of succ.get(from) ?? []) {
      let froms = upstreamOf.get(to);
      if (!froms) upstreamOf.set(to, (froms = new Set()));
      froms.add(from);
      if (!marked.has(to)) {
        marked.set(to, []);
        queue.push(to);
      }
    }
  }
  const order = new Map(graph.nodes.map((n, i) => [n.label, i]));
  const out = new Map<string, CacheReason[]>();
  for (const node of graph.nodes) {
    const reasons = marked.get(node.label);
    if (!reasons) continue;
    const froms = [...(upstreamOf.get(node.label) ?? [])].sort((a, b) => order.get(a)! - order.get(b)!);
    out.set(node.label, [...reasons, ...froms.map((from): CacheReason => ({ kind: "upstream", detail: from }))]);
  }
  return out;
}
