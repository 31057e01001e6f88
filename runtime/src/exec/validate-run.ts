// Everything a run checks before it touches the disk: the DAG exists and is valid, the task options
// name tasks of it and do not contradict each other, the executor and concurrency make sense.
// Each failure is a UsageError (exit 2) that says what to do.

import os from "node:os";
import { hasErrors } from "../../../shared/dag-model";
import { didYouMean } from "../../../shared/suggest";
import type { Settings } from "../conf/settings";
import { InvalidDagError, UsageError } from "./errors";
import { EXECUTOR_NAMES } from "./executors/index";
import { resolveDag, type ResolvedDag } from "./read-dag-class";
import type { Registry } from "./registry";
import { checkSelection, type SelectionOptions } from "./selection";

export interface RunRequest extends SelectionOptions {
  registry: Registry;
  settings: Settings;
  dag: string;
  retry?: string;
  resume?: boolean;
  concurrency?: number;
  executor?: string;
}

export interface ValidRun extends ResolvedDag {
  executorName: string;
  concurrency: number;
}

export function validateRun(req: RunRequest): ValidRun {
  const dagClass = req.registry.dags.get(req.dag);
  if (!dagClass) {
    const labels = [...req.registry.dags.keys()];
    throw new UsageError(`No DAG '${req.dag}'.${didYouMean(req.dag, labels)}${labels.length ? ` DAGs: ${labels.join(", ")}.` : " The project defines no DAG."}`);
  }
  const resolved = resolveDag(dagClass);
  if (hasErrors(resolved.graph)) throw new InvalidDagError(resolved.graph.dag, resolved.graph.problems.filter((p) => p.severity === "error"), resolved.graph.loc);
  checkSelection(resolved.graph, req);
  if (req.resume && !req.retry) throw new UsageError("--resume needs --retry <run folder>: it resumes that run.");
  const executorName = req.executor ?? req.settings.executor;
  if (!EXECUTOR_NAMES.includes(executorName)) {
    throw new UsageError(`Unknown executor '${executorName}'.${didYouMean(executorName, EXECUTOR_NAMES)} Executors: ${EXECUTOR_NAMES.join(", ")}.`);
  }
  // On BullMQ the workers bound the parallelism, not this machine's CPUs: every ready task is enqueued.
  const concurrency = req.concurrency ?? req.settings.concurrency ?? (executorName === "bullmq" ? Math.max(1, resolved.graph.nodes.length) : os.availableParallelism());
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number of at least 1, not ${concurrency}.`);
  return { ...resolved, executorName, concurrency };
}
