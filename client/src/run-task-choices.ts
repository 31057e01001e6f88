// What "Run Task" offers, so that it cannot mislead: a DAG's tasks in the order they run, and for one task
// where to run it. A task alone reads what its upstream tasks wrote in the run folder, so the folder offered
// first is the latest run where all of them succeeded; a new run comes first only for a task with nothing
// upstream (elsewhere it is offered last, saying what will be missing). Pure, tested without VS Code.

import type { DagGraph, TaskNode } from "../../shared/dag-model";
import type { RunSummary } from "../../shared/run-summary";
import { topologicalOrder } from "../../shared/topo";

/** The DAG's tasks in the order a run runs them (declared order among tasks that could run together). */
export function tasksInRunOrder<L>(graph: Pick<DagGraph<L>, "nodes" | "edges">): TaskNode<L>[] {
  const byLabel = new Map(graph.nodes.map((n) => [n.label, n]));
  try {
    return topologicalOrder([...byLabel.keys()], graph.edges).map((label) => byLabel.get(label)!);
  } catch {
    // A cycle (the DAG's own problem, shown elsewhere): declared order.
    return graph.nodes;
  }
}

/** The tasks directly upstream of `task` (what it reads from), in the DAG's order. */
export function upstreamOf(task: string, graph: Pick<DagGraph, "nodes" | "edges">): string[] {
  const from = new Set(graph.edges.filter(([, to]) => to === task).map(([f]) => f));
  return tasksInRunOrder(graph).filter((n) => from.has(n.label)).map((n) => n.label);
}

export interface RunTaskChoice {
  label: string;
  description: string;
  detail?: string;
  /** "folder": run the task in `folder`; "new": a fresh run folder; "dag": run the whole DAG instead (not `kind`: a quick pick item's `kind` means separator). */
  action: "folder" | "new" | "dag";
  folder?: string;
}

/** The run folders to offer for running `task` of `dag` alone, the best first (see the file's opening). */
export function runTaskChoices(runs: readonly RunSummary[], dag: string, task: string, upstream: readonly string[]): RunTaskChoice[] {
  const past = runs.filter((r) => r.dag === dag);
  const newRun: RunTaskChoice = { label: "$(add) New run", description: `a fresh run folder for ${dag}`, action: "new" };
  const folder = (r: RunSummary, notDone: string[]): RunTaskChoice => ({
    label: `${notDone.length === 0 ? "$(pass)" : "$(warning)"} ${r.runId}`,
    description: `${r.status}, started ${r.startedAt ?? "?"}`,
    detail: upstream.length === 0 ? undefined : notDone.length === 0 ? `upstream succeeded here: ${upstream.join(", ")}` : `upstream not succeeded here: ${notDone.join(", ")}`,
    action: "folder",
    folder: r.runFolder,
  });
  if (upstream.length === 0) return [newRun, ...past.map((r) => folder(r, []))];
  const notDone = (r: RunSummary): string[] => upstream.filter((u) => r.tasks[u] !== "succeeded");
  const ready = past.filter((r) => notDone(r).length === 0);
  const others = past.filter((r) => notDone(r).length > 0);
  const missing: RunTaskChoice = {
    ...newRun,
    detail: `only "${task}" runs: what ${upstream.join(", ")} write${upstream.length === 1 ? "s" : ""} will be missing`,
  };
  // No run has its inputs yet: the useful first step is a run of the DAG (upstream tasks first).
  const first: RunTaskChoice[] =
    ready.length > 0 ? [] : [{ label: `$(run-all) Run ${dag}`, description: `the whole DAG: ${upstream.join(", ")} run before "${task}"`, action: "dag" }];
  return [...first, ...ready.map((r) => folder(r, [])), ...others.map((r) => folder(r, notDone(r))), missing];
}

/** A line for a task that failed when run alone, naming the upstream tasks that had not succeeded in its
 * folder (their outputs are what it most likely missed); undefined when all had. */
export function missingUpstreamHint(task: string, upstream: readonly string[], inFolder: RunSummary | undefined): string | undefined {
  const notDone = upstream.filter((u) => inFolder?.tasks[u] !== "succeeded");
  if (notDone.length === 0) return undefined;
  const names = notDone.map((u) => `"${u}"`).join(", ");
  return `"${task}" reads what ${names} write${notDone.length === 1 ? "s" : ""}, and ${notDone.length === 1 ? "it has" : "they have"} not succeeded in ${inFolder ? "that run" : "a new run"}: run ${names} first, or run "${task}" in a run where ${notDone.length === 1 ? "it" : "they"} succeeded.`;
}
