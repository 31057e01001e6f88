// `gluepy worker`'s engine: a BullMQ worker on the project's queue. It keeps the project loaded and
// runs task jobs one attempt at a time through the same task runner as every executor, in a scope built
// only from storage (the run folder's context.yaml): nothing is shared with the coordinator but storage
// and the queue. It also runs whole-DAG jobs (the simpler mode) in-process.
//
// Where a task's attempt runs follows its `static isolation` (default: the `workerPool.isolation`
// setting): in a child process of this worker ("shared": kept between tasks, "per-task": fresh), so a
// CPU-bound task cannot starve the event loop that renews the job's lock and a timeout really stops
// it; or, for tiny and I/O-bound tasks declared "in-process", right here.
//
// A cancelled run reaches its running attempts: the coordinator publishes the run id on the queue's
// cancel channel, the attempt's signal aborts (its child process is killed), and the job fails without
// a retry, with a reason a resumed coordinator recognises (it runs the task anew).

import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Settings } from "../../conf/settings";
import { createStorage } from "../../files/storages/index";
import type { TaskJob } from "../executors/base";
import type { Registry } from "../registry";
import { runDag } from "../run";
import { type AttemptChannel, ProcessPool } from "../executors/worker-pool-processes";
import { TaskJobRunner } from "./task-job-runner";
import { CANCELLED_REASON, cancelChannel, probeQueue, queueConfig, redisClient, RUN_JOB, TASK_JOB, type TaskJobResult, type TaskProgress } from "./queue-config";
import type { RunJob, RunJobResult } from "./run-job";

export interface TaskWorkerOptions {
  projectDir: string;
  settings: Settings;
  registry: Registry;
  /** Jobs this process runs at once (default 1: one CPU-bound task per worker process). */
  concurrency?: number;
  /** Where the worker says what it does (one line each). */
  log?(line: string): void;
}

export interface TaskWorker {
  /** Waits for running jobs to finish, then disconnects. */
  close(): Promise<void>;
}

export async function startTaskWorker(opts: TaskWorkerOptions): Promise<TaskWorker> {
  const config = queueConfig(opts.settings.bullmq);
  await probeQueue(config);
  const storage = await createStorage(opts.settings);
  const runner = new TaskJobRunner(opts.projectDir, opts.registry, storage);
  const pool = new ProcessPool(opts.projectDir);
  const log = opts.log ?? (() => {});
  /** Attempts running now, by job id, with the run they belong to. */
  const running = new Map<string, { runId: string; abort: AbortController }>();

  const runTask = async (job: Job<TaskJob>): Promise<TaskJobResult> => {
    const abort = new AbortController();
    running.set(job.id!, { runId: job.data.runId, abort });
    try {
      return await runTaskAttempt(job, abort.signal);
    } finally {
      running.delete(job.id!);
    }
  };

  const runTaskAttempt = async (job: Job<TaskJob>, signal: AbortSignal): Promise<TaskJobResult> => {
    // Progress updates are sent in order on one connection; wait for all before the job ends.
    const sent: Promise<unknown>[] = [];
    const send = (p: TaskProgress) => sent.push(job.updateProgress(p).catch(() => undefined));
    const channel: AttemptChannel = {
      onLog: (stream, text) => send({ kind: "log", stream, text }),
      onMetric: (key, value) => send({ kind: "metric", key, value }),
      signal,
    };
    const isolation = runner.taskClassOf(job.data).isolation ?? opts.settings.workerPool?.isolation ?? "shared";
    const result =
      isolation === "in-process" ? await runner.runAttempt(job.data, channel, signal) : await pool.attempt(job.data, channel, isolation === "per-task");
    if (result.status === "succeeded") {
      await Promise.all(sent);
      return { durationMs: result.durationMs };
    }
    if (result.status === "cancelled") {
      await Promise.all(sent);
      throw new UnrecoverableError(`${CANCELLED_REASON} task '${job.data.task}' was stopped because its run was cancelled.`);
    }
    const error = result.error ?? { message: `Task '${job.data.task}' was cancelled.`, stack: "" };
    send({ kind: "attempt-failed", durationMs: result.durationMs, error });
    await Promise.all(sent);
    // Thrown, so the engine counts the attempt and retries by the job's attempts/backoff.
    throw new Error(error.message);
  };

  // A whole run executes here with the project's executor (e.g. worker-pool, which keeps CPU-bound
  // tasks off this event loop), except that it does not go back to the queue it came from.
  const wholeRunExecutor = opts.settings.executor === "bullmq" ? "in-process" : opts.settings.executor;
  const runWholeDag = async (job: Job<RunJob>): Promise<RunJobResult> => {
    const outcome = await runDag({ ...job.data, projectDir: opts.projectDir, registry: opts.registry, settings: opts.settings, executor: wholeRunExecutor, storage });
    return { status: outcome.status, runFolder: outcome.runFolder, runId: outcome.runId };
  };

  const worker = new Worker(
    config.name,
    async (job: Job) => {
      if (job.name === TASK_JOB) return runTask(job as Job<TaskJob>);
      if (job.name === RUN_JOB) return runWholeDag(job as Job<RunJob>);
      throw new Error(`Unknown job '${job.name}' on queue '${config.name}'.`);
    },
    {
      connection: config.connection,
      prefix: config.prefix,
      concurrency: opts.concurrency ?? 1,
      // Only what the settings set: BullMQ's defaults stand otherwise (an undefined would override them).
      ...definedOnly({ lockDuration: config.lockDuration, stalledInterval: config.stalledInterval, maxStalledCount: config.maxStalledCount }),
    },
  );
  worker.on("failed", (job, err) => job && log(`${job.name} ${job.id} failed: ${err.message}`));
  worker.on("error", (err) => log(`worker error: ${err.message}`));
  await worker.waitUntilReady();
  // A connection of its own: a subscribed Redis client can do nothing else.
  const cancels = redisClient(config);
  cancels.on("message", (_channel: string, runId: string) => {
    for (const [jobId, r] of running) {
      if (r.runId !== runId) continue;
      log(`${TASK_JOB} ${jobId}: its run was cancelled, stopping it`);
      r.abort.abort();
    }
  });
  await cancels.subscribe(cancelChannel(config));
  return {
    async close() {
      cancels.disconnect();
      await worker.close();
      await pool.close();
    },
  };
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
