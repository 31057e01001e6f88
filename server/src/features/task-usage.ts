// Which DAGs use each task, and where in their run order: for hover, code lenses and the task list.

import type { ServerDagGraph } from "../index/workspace-index";
import { topologicalOrder } from "../../../shared/topo";
import { classKey, type ClassKey } from "../index/symbols";
import { uriToPath } from "../transport/uris";
import type { Workspace } from "../workspace";

export interface TaskUse {
  dag: string;
  /** 1-based step in the DAG's run order. */
  step: number;
  of: number;
  /** Labels of the tasks it runs right after. */
  after: string[];
}

let cached: { index: object; generation: number; usage: Map<ClassKey, TaskUse[]> } | undefined;

/** Task class key → the DAGs that include it (directly or through a sub-DAG); cached until the index changes. */
export function dagsUsing(ws: Workspace): Map<ClassKey, TaskUse[]> {
  if (cached?.index === ws.index && cached.generation === ws.index.generation) return cached.usage;
  const usage = computeUsage(ws);
  cached = { index: ws.index, generation: ws.index.generation, usage };
  return usage;
}

/** Each graph's uses, kept with the graph: the index keeps a graph until an edit changes it. */
const usesOfGraph = new WeakMap<ServerDagGraph, [ClassKey, TaskUse][]>();

function computeUsage(ws: Workspace): Map<ClassKey, TaskUse[]> {
  const out = new Map<ClassKey, TaskUse[]>();
  for (const { graph } of ws.index.allDagGraphs()) {
    let uses = usesOfGraph.get(graph);
    if (!uses) usesOfGraph.set(graph, (uses = graphUses(graph)));
    for (const [key, use] of uses) {
      const list = out.get(key);
      if (list) list.push(use);
      else out.set(key, [use]);
    }
  }
  // The same workspace lists the same way, whatever order its files were indexed in.
  for (const uses of out.values()) uses.sort((a, b) => a.dag.localeCompare(b.dag));
  return out;
}

function graphUses(graph: ServerDagGraph): [ClassKey, TaskUse][] {
  const order = runOrder(graph);
  const out: [ClassKey, TaskUse][] = [];
  for (const node of graph.nodes) {
    const file = node.loc && uriToPath(node.loc.uri);
    if (!file) continue;
    out.push([
      classKey(file, node.className),
      {
        dag: graph.dag,
        step: order.indexOf(node.label) + 1,
        of: order.length,
        after: graph.edges.filter(([, to]) => to === node.label).map(([from]) => from),
      },
    ]);
  }
  return out;
}

function runOrder(graph: ServerDagGraph): string[] {
  const labels = graph.nodes.map((n) => n.label);
  try {
    return topologicalOrder(labels, graph.edges);
  } catch {
    return labels; // cyclic: no run order, keep the listed order
  }
}
