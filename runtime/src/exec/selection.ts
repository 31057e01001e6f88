// Which tasks of a DAG a run executes: all of them, `--task T`, `--from-task T` (T and its downstream),
// with or without eval tasks, minus what already succeeded on `--resume`. Pure: graph in, labels out.

import type { DagGraph } from "../../../shared/dag-model";
import { didYouMean } from "../../../shared/suggest";
import { downstream } from "../../../shared/topo";
import { UsageError } from "./errors";

export interface SelectionOptions {
  task?: string;
  fromTask?: string;
  skipEval?: boolean;
  evalOnly?: boolean;
  /** Labels to leave out because they already succeeded in the retried folder (`--resume`). */
  succeeded?: ReadonlySet<string>;
}

/** Throws a UsageError for options that contradict each other or name no task of the DAG. */
export function checkSelection(graph: DagGraph, opts: SelectionOptions): void {
  if (opts.task !== undefined && opts.fromTask !== undefined) throw new UsageError("Use either --task or --from-task, not both.");
  if (opts.skipEval && opts.evalOnly) throw new UsageError("Use either --skip-eval or --eval-only, not both.");
  const labels = graph.nodes.map((n) => n.label);
  for (const [flag, label] of [["--task", opts.task], ["--from-task", opts.fromTask]] as const) {
    if (label !== undefined && !labels.includes(label)) {
      throw new UsageError(`${flag} '${label}': DAG '${graph.dag}' has no task '${label}'.${didYouMean(label, labels)} Its tasks: ${labels.join(", ")}.`);
    }
  }
}

/** The labels to run, as a set (order comes from the graph). Call checkSelection first. */
export function selectTasks(graph: DagGraph, opts: SelectionOptions): Set<string> {
  const labels = graph.nodes.map((n) => n.label);
  let chosen: Set<string>;
  if (opts.task !== undefined) chosen = new Set([opts.task]);
  else if (opts.fromTask !== undefined) chosen = downstream(labels, graph.edges, [opts.fromTask]);
  else chosen = new Set(labels);
  // An explicitly named --task runs whatever kind it is; otherwise the eval flags filter.
  if (opts.task === undefined && (opts.skipEval || opts.evalOnly)) {
    for (const n of graph.nodes) if (n.eval === Boolean(opts.skipEval)) chosen.delete(n.label);
  }
  for (const done of opts.succeeded ?? []) chosen.delete(done);
  return chosen;
}
