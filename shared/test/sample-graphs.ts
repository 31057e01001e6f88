// Graphs the webview tests and the graph benchmark draw: a small DAG with nested sub-DAGs, and a large
// generated one (deterministic, acyclic).

import type { DagGraph, Edge, TaskNode } from "../dag-model";
import type { SourceLocation } from "../protocol";

/** Graphs as the server sends them (no locations needed to draw). */
type ServerGraph = DagGraph<SourceLocation>;

const task = (label: string, groups: string[] = [], evalTask = false): TaskNode<SourceLocation> => ({
  label,
  className: label[0]!.toUpperCase() + label.slice(1) + "Task",
  eval: evalTask,
  groups,
});

/** data → prep(clean → features, quality(check)) → train → test → report (eval). */
export const trainingGraph: ServerGraph = {
  dag: "training",
  className: "TrainingDAG",
  nodes: [
    task("data"),
    task("clean", ["prep"]),
    task("features", ["prep"]),
    task("check", ["prep", "quality"]),
    task("train"),
    task("test"),
    task("report", [], true),
  ],
  edges: [
    ["data", "clean"],
    ["clean", "features"],
    ["clean", "check"],
    ["features", "train"],
    ["check", "train"],
    ["train", "test"],
    ["test", "report"],
  ],
  groups: [
    { id: "prep", label: "prep", className: "PrepDAG" },
    { id: "prep/quality", label: "quality", className: "QualityDAG", parent: "prep" },
  ],
  problems: [],
};

/** `nodes` tasks and `edges` edges, each edge from a task to one up to 20 places later (so no cycle). */
export function generatedGraph(nodes: number, edges: number, seed = 1): ServerGraph {
  let s = seed;
  // In 32-bit integer arithmetic: in doubles the product loses its low bits and some seeds (9) fall into a
  // short cycle, and the loop below never finds enough distinct edges.
  const random = (): number => (s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 2147483648;
  const labels = Array.from({ length: nodes }, (_, i) => `task_${i}`);
  const seen = new Set<string>();
  const out: Edge[] = [];
  while (out.length < edges) {
    const a = Math.floor(random() * nodes);
    const b = a + 1 + Math.floor(random() * 20);
    if (b >= nodes || seen.has(`${a}-${b}`)) continue;
    seen.add(`${a}-${b}`);
    out.push([labels[a]!, labels[b]!]);
  }
  return { dag: "big", className: "BigDAG", nodes: labels.map((l) => task(l)), edges: out, groups: [], problems: [] };
}
