// Pure views of resolved DAG graphs for `gluepy list` and `gluepy graph`: the JSON (shared/dag-listing.ts) and the text.

import { hasErrors, type DagGraph } from "../../../shared/dag-model";
import { listedProblem, type ListedDag } from "../../../shared/dag-listing";
import { topologicalOrder } from "../../../shared/topo";
import type { SourceLoc } from "../exec/source-map";
import type { Palette } from "./output/palette";

export function listedDag(graph: DagGraph<SourceLoc>): ListedDag {
  return {
    label: graph.dag,
    className: graph.className,
    ...graph.loc,
    valid: !hasErrors(graph),
    tasks: graph.nodes.map((n) => ({ label: n.label, className: n.className, ...n.loc, eval: n.eval })),
    edges: graph.edges,
    problems: graph.problems.map(listedProblem),
  };
}

function where(projectDir: string, file?: string, line?: number): string {
  if (!file) return "";
  const rel = file.startsWith(projectDir + "/") ? file.slice(projectDir.length + 1) : file;
  return `${rel}${line ? `:${line}` : ""}`;
}

/** A DAG as text: its tasks in run order, each with what it runs after, then its problems. */
export function describeDag(dag: ListedDag, projectDir: string, p: Palette): string {
  const at = where(projectDir, dag.file, dag.line);
  const lines = [`${p.bold(dag.label)} ${p.dim(`(${dag.className}${at ? `, ${at}` : ""})`)}${dag.valid ? "" : " " + p.red("invalid")}`];
  const upstream = new Map<string, string[]>();
  for (const [from, to] of dag.edges) upstream.set(to, [...(upstream.get(to) ?? []), from]);
  let order: string[];
  try {
    order = topologicalOrder(dag.tasks.map((t) => t.label), dag.edges);
  } catch {
    order = dag.tasks.map((t) => t.label);
  }
  const evalTasks = new Set(dag.tasks.filter((t) => t.eval).map((t) => t.label));
  const width = Math.max(0, ...order.map((l) => l.length));
  for (const label of order) {
    const after = upstream.get(label);
    const note = [after ? `after ${after.join(", ")}` : "", evalTasks.has(label) ? "(eval)" : ""].filter(Boolean).join(" ");
    lines.push(`  ${label.padEnd(width)}  ${p.dim(note)}`.trimEnd());
  }
  if (dag.tasks.length === 0 && dag.valid) lines.push(p.dim("  (no tasks)"));
  for (const prob of dag.problems) {
    const mark = prob.severity === "error" ? p.red(prob.severity) : p.yellow(prob.severity);
    lines.push(`  ${mark} ${prob.code}: ${prob.message}`);
  }
  return lines.join("\n");
}
