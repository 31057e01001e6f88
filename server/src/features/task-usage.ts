// Which DAGs use each task, and where in their run order: for hover, code lenses, the task list and the
// graph's details pane. Kept up to date incrementally: an edit re-reads only the DAGs whose graphs it touched.

import type { ServerDagGraph, WorkspaceIndex } from "../index/workspace-index";
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

/**
 * The uses of every registered DAG's tasks, by DAG class and by task class. Brought up to date on each
 * question with the classes the index re-checked since the last one (`classesCheckedSince`): an edit to a
 * task shared by five DAGs re-reads those five, not the workspace's thousand (issue 13: the graph answer
 * after an edit).
 */
class TaskUsage {
  private seen = -1;
  private readonly byDag = new Map<ClassKey, [ClassKey, TaskUse][]>();
  private readonly byTask = new Map<ClassKey, Map<ClassKey, TaskUse>>();

  constructor(readonly index: WorkspaceIndex) {}

  /** The DAGs using a task class, sorted by DAG label (the same workspace lists the same way, whatever order its files were indexed in). */
  of(task: ClassKey): TaskUse[] {
    this.refresh();
    const users = this.byTask.get(task);
    if (!users) return [];
    // Two DAG classes sharing a label (a duplicate) break the tie by class key.
    return [...users]
      .sort(([ka, a], [kb, b]) => a.dag.localeCompare(b.dag) || (ka < kb ? -1 : ka > kb ? 1 : 0))
      .map(([, use]) => use);
  }

  private refresh() {
    if (this.seen === this.index.generation) return;
    const touched = this.index.classesCheckedSince(this.seen);
    this.seen = this.index.generation;
    if (!touched) {
      this.byDag.clear();
      this.byTask.clear();
      for (const { key, graph } of this.index.allDagGraphs()) this.add(key, graph);
      return;
    }
    for (const key of touched) {
      this.remove(key);
      const info = this.index.classInfo(key);
      if (info?.kind !== "dag" || !this.index.isRegistered(key)) continue;
      const graph = this.index.graph(key);
      if (graph) this.add(key, graph);
    }
  }

  private add(dag: ClassKey, graph: ServerDagGraph) {
    let uses = usesOfGraph.get(graph);
    if (!uses) usesOfGraph.set(graph, (uses = graphUses(graph)));
    this.byDag.set(dag, uses);
    for (const [task, use] of uses) {
      let users = this.byTask.get(task);
      if (!users) this.byTask.set(task, (users = new Map()));
      // A task listed twice in one DAG (in a stage and on its own) counts as one use: its first.
      if (!users.has(dag)) users.set(dag, use);
    }
  }

  private remove(dag: ClassKey) {
    for (const [task] of this.byDag.get(dag) ?? []) {
      const users = this.byTask.get(task);
      users?.delete(dag);
      if (users?.size === 0) this.byTask.delete(task);
    }
    this.byDag.delete(dag);
  }
}

let usage: TaskUsage | undefined;

/** The DAGs that include a task class (directly or through a sub-DAG), sorted by label. */
export function dagsUsing(ws: Workspace, task: ClassKey): TaskUse[] {
  if (usage?.index !== ws.index) usage = new TaskUsage(ws.index);
  return usage.of(task);
}

/** Each graph's uses, kept with the graph: the index keeps a graph until an edit changes it. */
const usesOfGraph = new WeakMap<ServerDagGraph, [ClassKey, TaskUse][]>();

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
