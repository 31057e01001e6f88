// Sets of parallel siblings in a shown graph: tasks with the same upstream and the same downstream nodes
// (in the same sub-DAG box), which a wide fan-out draws as a long column. Each set can be folded into one
// node ("12 parallel tasks", its status the most telling of theirs) and unfolded again. Which sets are
// folded is saved by their tasks, not their ids, so a reload folds a set again only if the DAG still has it.

import type { Edge } from "../dag-model";
import type { ViewGraph, ViewNode } from "./shown-graph";

/** Fewer parallel siblings than this read well as they are: they are not offered for folding. */
export const MIN_PARALLEL = 4;

export interface ParallelCluster {
  /** `parallel:<first member>`: stable while the set keeps its first task. */
  id: string;
  /** Ids of the shown task nodes it folds, in the order they are shown. */
  members: string[];
}

/** The sets of `min` or more task nodes with the same upstream and downstream nodes, the same enclosing
 * box and the same eval flag (eval tasks are drawn apart). Tasks with no edges at all are not parallel
 * to anything: they are left alone. */
export function parallelClusters(view: ViewGraph, min = MIN_PARALLEL): ParallelCluster[] {
  const upstream = new Map<string, string[]>();
  const downstream = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, value: string): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const [from, to] of view.edges) {
    add(downstream, from, to);
    add(upstream, to, from);
  }
  const sets = new Map<string, string[]>();
  for (const node of view.nodes) {
    if (node.kind !== "task") continue;
    const up = [...(upstream.get(node.id) ?? [])].sort();
    const down = [...(downstream.get(node.id) ?? [])].sort();
    if (up.length === 0 && down.length === 0) continue;
    add(sets, JSON.stringify([node.parent ?? "", node.eval, up, down]), node.id);
  }
  return [...sets.values()].filter((members) => members.length >= min).map((members) => ({ id: `parallel:${members[0]}`, members }));
}

/** `view` with each cluster named in `folded` drawn as one node standing for all its tasks. */
export function foldClusters(view: ViewGraph, clusters: readonly ParallelCluster[], folded: ReadonlySet<string>): ViewGraph {
  const folding = clusters.filter((c) => folded.has(c.id));
  if (folding.length === 0) return view;
  const clusterOf = new Map<string, ParallelCluster>();
  for (const c of folding) for (const m of c.members) clusterOf.set(m, c);
  const byId = new Map(view.nodes.map((n) => [n.id, n]));

  const nodes: ViewNode[] = [];
  for (const node of view.nodes) {
    const cluster = clusterOf.get(node.id);
    if (!cluster) nodes.push(node);
    else if (cluster.members[0] === node.id) {
      nodes.push({
        id: cluster.id,
        kind: "parallel",
        label: `${cluster.members.length} parallel tasks`,
        className: "",
        eval: node.eval,
        parent: node.parent,
        members: cluster.members.flatMap((m) => byId.get(m)!.members),
      });
    }
  }
  const edges: Edge[] = [];
  const seen = new Set<string>();
  for (const [from, to] of view.edges) {
    const a = clusterOf.get(from)?.id ?? from;
    const b = clusterOf.get(to)?.id ?? to;
    const key = `${a}\u0000${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push([a, b]);
  }
  return { nodes, groups: view.groups, edges };
}

/** The folded clusters as the page saves them for a reload: each by its tasks. */
export function foldedSets(clusters: readonly ParallelCluster[], folded: ReadonlySet<string>): string[][] {
  return clusters.filter((c) => folded.has(c.id)).map((c) => [...c.members]);
}

/** The ids of the clusters to fold again after a reload: those with exactly the tasks of a set saved
 * (`saved`: page data, checked here). An edited DAG whose set gained or lost a task keeps it unfolded,
 * rather than folding tasks the user never folded together. */
export function clustersFoldedBefore(clusters: readonly ParallelCluster[], saved: unknown): Set<string> {
  if (!Array.isArray(saved)) return new Set();
  const setKey = (tasks: readonly string[]): string => JSON.stringify([...tasks].sort());
  const savedKeys = new Set(saved.filter((s): s is string[] => Array.isArray(s) && s.every((t) => typeof t === "string")).map(setKey));
  return new Set(clusters.filter((c) => savedKeys.has(setKey(c.members))).map((c) => c.id));
}
