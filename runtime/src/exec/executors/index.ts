// Executors by name. The scale-out ones load lazily, so a plain local run never pulls in their
// dependencies (BullMQ, worker threads).

import { didYouMean } from "../../../../shared/suggest";
import { UsageError } from "../errors";
import type { Executor, ExecutorFactory, ExecutorSettings, LocalRun } from "./base";
import { InProcessExecutor } from "./in-process";

const FACTORIES: Record<string, () => Promise<ExecutorFactory>> = {
  "in-process": async () => (_settings, run) => new InProcessExecutor(run),
  "worker-pool": async () => (await import("./worker-pool")).createWorkerPoolExecutor,
  bullmq: async () => (await import("./bullmq")).createBullmqExecutor,
};

export const EXECUTOR_NAMES = Object.keys(FACTORIES);

export async function createExecutor(name: string, settings: ExecutorSettings, run: LocalRun): Promise<Executor> {
  const load = FACTORIES[name];
  if (!load) throw new UsageError(`Unknown executor '${name}'.${didYouMean(name, EXECUTOR_NAMES)} Executors: ${EXECUTOR_NAMES.join(", ")}.`);
  return (await load())(settings, run);
}
