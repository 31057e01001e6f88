// What the `gluepy` CLI (a separate bundle) and workers call in the ONE loaded runtime instance: loading a
// project fills this instance's registries and source map, so running and listing must go through here
// too. Not part of the user API of DESIGN §2; reached as `import { runtime } from "gluepy"`.

export { loadProject, loadProjectSettings, loadCommandModules, cacheDirOf, type LoadedProject, type ProjectModule } from "./loader/load-project";
export { ProjectLoadError } from "./loader/load-error";
export { graphFor } from "./exec/read-dag-class";
export { runDag, type RunOptions, type RunOutcome } from "./exec/run";
export { dryRunDag, dryRunText } from "./cache/dry-run";
export { runFolderArg } from "./exec/run-folder";
export { compareRuns, renderComparison } from "./ops/compare";
export { metricsBlock } from "./ops/mlops";
export { UsageError, InvalidDagError } from "./exec/errors";
export { DuplicateLabelError } from "./exec/registry";
export { SettingsError } from "./conf/settings";
export { createStorage } from "./files/storages";
// Through here, not imported by the CLI: the CLI bundle would carry a second copy of the yaml library.
export { listRunFolders } from "./files/run-folders";
export { findProjectCommands } from "./project/find-project-commands";
// Scale-out (issue 5): `gluepy worker`, `gluepy airflow` and `gluepy dagster`.
// The BullMQ parts load on first use: bullmq and ioredis are megabytes that every other command
// (and the cold start of `gluepy dag`) would otherwise parse.
export type { TaskWorker, TaskWorkerOptions } from "./exec/distributed/task-worker";
export type { RunJob } from "./exec/distributed/run-job";
type TaskWorkerModule = typeof import("./exec/distributed/task-worker");
type RunJobModule = typeof import("./exec/distributed/run-job");
export async function startTaskWorker(...args: Parameters<TaskWorkerModule["startTaskWorker"]>): ReturnType<TaskWorkerModule["startTaskWorker"]> {
  return (await import("./exec/distributed/task-worker")).startTaskWorker(...args);
}
export async function submitRun(...args: Parameters<RunJobModule["submitRun"]>): ReturnType<RunJobModule["submitRun"]> {
  return (await import("./exec/distributed/run-job")).submitRun(...args);
}
type QueueConfigModule = typeof import("./exec/distributed/queue-config");
type PoolProcessModule = typeof import("./exec/executors/worker-pool-process");
/** Synchronous, so required on first call (queue-config loads ioredis). */
export function describeQueue(...args: Parameters<QueueConfigModule["describeQueue"]>): ReturnType<QueueConfigModule["describeQueue"]> {
  return (require("./exec/distributed/queue-config") as QueueConfigModule).describeQueue(...args);
}
export async function servePoolProcess(...args: Parameters<PoolProcessModule["servePoolProcess"]>): ReturnType<PoolProcessModule["servePoolProcess"]> {
  return (await import("./exec/executors/worker-pool-process")).servePoolProcess(...args);
}
export { startOrchestratedRun } from "./ops/orchestrator/start-run";
