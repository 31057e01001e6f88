// The DAG as an orchestrator sees it: one step per Gluepy task, after exactly the tasks the DAG's edges
// put before it, each step a `gluepy dag <label> --task <t> --retry <run folder>` call, plus a first
// step that creates the run folder. Airflow and Dagster templates both render this one model, so the
// edge logic, the names and the command lines exist once.

import { type DagGraph, hasErrors } from "../../../../shared/dag-model";
import { topologicalOrder } from "../../../../shared/topo";
import type { OrchestratorSettings } from "../../conf/settings";
import { pythonIdentifier, uniquePythonNames } from "./python-names";

/** The first step's name (Airflow task id, Dagster op name): it creates the run folder. */
export const START_STEP = "gluepy_start";

export interface OrchestratedTask {
  /** The Gluepy task label (kept as is for the CLI call). */
  label: string;
  /** A Python identifier unique in this DAG and never START_STEP: Dagster's op name. */
  name: string;
  /** The Python variable holding the step: `task_<name>`. */
  variable: string;
  /** Names of the tasks this one runs after (the DAG's edges into it); empty for a root. */
  upstream: string[];
  /** True for an eval task (it runs after the others, as the DAG's edges already say). */
  eval: boolean;
  /** gluepy's arguments up to the run folder, which the target appends: ["dag", dag, "--task", label, "--retry"]. */
  args: string[];
}

export interface OrchestratedDag {
  /** The Gluepy DAG label. */
  label: string;
  /** A Python identifier for the DAG (job and module names build on it). */
  name: string;
  /** The program and its first arguments every step runs (settings' command, then --project when set). */
  command: string[];
  workingDir: string | null;
  env: Record<string, string>;
  retries: number;
  retryDelaySeconds: number;
  /** The container image the steps run in. */
  image: string;
  /** Tasks in an order where each comes after its upstream ones. */
  tasks: OrchestratedTask[];
  /** Every ordering dependency by variable: the start step before each root, then one per DAG edge. */
  dependencies: { upstream: string; downstream: string }[];
}

/** Why nothing is generated for an invalid DAG ("" for a valid one); `what` names the target's file. */
export function invalidDagMessage(graph: DagGraph, what: string): string {
  if (!hasErrors(graph)) return "";
  const problems = graph.problems.filter((p) => p.severity === "error").map((p) => `  ${p.code}: ${p.message}`);
  return `DAG '${graph.dag}' is invalid, so no ${what} is generated for it:\n${problems.join("\n")}`;
}

/** The model of a valid graph (check invalidDagMessage first: a cyclic graph has no order). */
export function orchestratedDag(graph: DagGraph, settings: OrchestratorSettings, image: string): OrchestratedDag {
  // Names in the DAG's node order, so a label keeps its name however the edges change.
  const nameOf = uniquePythonNames([START_STEP]);
  const names = new Map(graph.nodes.map((n) => [n.label, nameOf(n.label)]));
  const upstream = new Map(graph.nodes.map((n) => [n.label, [] as string[]]));
  for (const [from, to] of graph.edges) upstream.get(to)!.push(names.get(from)!);
  const isEval = new Map(graph.nodes.map((n) => [n.label, n.eval]));
  const variable = (name: string) => `task_${name}`;
  const order = topologicalOrder(
    graph.nodes.map((n) => n.label),
    graph.edges,
  );
  const tasks = order.map((label): OrchestratedTask => {
    const name = names.get(label)!;
    return {
      label,
      name,
      variable: variable(name),
      upstream: upstream.get(label)!,
      eval: isEval.get(label)!,
      args: ["dag", graph.dag, "--task", label, "--retry"],
    };
  });
  const dependencies = [
    ...tasks.filter((t) => t.upstream.length === 0).map((t) => ({ upstream: START_STEP, downstream: t.variable })),
    ...tasks.flatMap((t) => t.upstream.map((u) => ({ upstream: variable(u), downstream: t.variable }))),
  ];
  return {
    label: graph.dag,
    name: pythonIdentifier(graph.dag),
    command: [...settings.command, ...(settings.workingDir ? ["--project", settings.workingDir] : [])],
    workingDir: settings.workingDir ?? null,
    env: settings.env,
    retries: settings.retries,
    retryDelaySeconds: settings.retryDelaySeconds,
    image,
    tasks,
    dependencies,
  };
}
