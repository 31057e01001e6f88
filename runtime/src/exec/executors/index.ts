// Executors by name. The scale-out ones load lazily, so a plain local run never pulls in their
// dependencies (BullMQ, worker threads). Each lives in `executors/<name>.ts` and exports its factory
// under the name given here (a template import, so the bundler includes whichever modules exist).

import { didYouMean } from "../../../../shared/suggest";
import { UsageError } from "../errors";
import type { Executor, ExecutorFactory, ExecutorSettings, LocalRun } from "./base";
import { InProcessExecutor } from "./in-process";

const LAZY: Record<string, string> = {
  "worker-pool": "createWorkerPoolExecutor",
  bullmq: "createBullmqExecutor",
};

export const EXECUTOR_NAMES = ["in-process", ...Object.keys(LAZY)];

export async function createExecutor(name: string, settings: ExecutorSettings, run: LocalRun): Promise<Executor> {
  if (name === "in-process") return new InProcessExecutor(run);
  const exportName = LAZY[name];
  if (!exportName) {
    throw new UsageError(`Unknown executor '${name}'.${didYouMean(name, EXECUTOR_NAMES)} Executors: ${EXECUTOR_NAMES.join(", ")}.`);
  }
  const mod = (await import(`./${name}`)) as Record<string, ExecutorFactory | undefined>;
  const factory = mod[exportName];
  if (typeof factory !== "function") throw new Error(`Executor module '${name}' does not export ${exportName}().`);
  return factory(settings, run);
}
