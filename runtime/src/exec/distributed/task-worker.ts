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
import { CANCELLED_REASON, cancelChannel, probeQueue, queueConfig, redisClient, RUN_JOB, TASK_JOB, type QueueConfig, type TaskJobResult, type TaskProgress } from "./queue-config";
import type { Redis } from "ioredis";
import type { Storage } from "../../files/storages/base";
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
  const log = opts.log ?? (() => {});
  const jobs = new WorkerJobs(opts, await createStorage(opts.settings));
  const worker = new Worker(config.name, (job: Job) => jobs.run(job, config.name), {
    connection: config.connection,
    prefix: config.prefix,
    concurrency: opts.concurrency ?? 1,
    // Only what the settings set: BullMQ's defaults stand otherwise (an undefined would override them).
    ...definedOnly({ lockDuration: config.lockDuration, stalledInterval: config.stalledInterval, maxStalledCount: config.maxStalledCount }),
  });
  worker.on("failed", (job, err) => job && log(`${job.name} ${job.id} failed: ${err.message}`));
  worker.on("error", (err) => log(`worker error: ${err.message}`));
  await worker.waitUntilReady();
  const cancels = await subscribeToCancels(config, (runId) => jobs.cancelRun(runId, log));
  return {
    async close() {
      cancels.disconnect();
      await worker.close();
      await jobs.close();
    },
  };
}

/** The jobs one worker process runs: task attempts (here or in its pool processes) and whole-DAG runs. */
class WorkerJobs {
  private readonly runner: TaskJobRunner;
  /** One pool per DAG: a pool process loads only the modules of its DAG. */
  private readonly pools = new Map<string, ProcessPool>();
  /** Attempts running now, by job id, with the run they belong to. */
  private readonly running = new Map<string, { runId: string; abort: AbortController }>();

  constructor(
    private readonly opts: TaskWorkerOptions,
    private readonly storage: Storage,
  ) {
    this.runner = new TaskJobRunner(opts.projectDir, opts.registry, storage);
  }

  run(job: Job, queue: string): Promise<unknown> {
    if (job.name === TASK_JOB) return this.runTask(job as Job<TaskJob>);
    if (job.name === RUN_JOB) return this.runWholeDag(job as Job<RunJob>);
    throw new Error(`Unknown job '${job.name}' on queue '${queue}'.`);
  }

  /** Stops the attempts of a cancelled run (their jobs then fail with CANCELLED_REASON). */
  cancelRun(runId: string, log: (line: string) => void): void {
    for (const [jobId, r] of this.running) {
      if (r.runId !== runId) continue;
      log(`${TASK_JOB} ${jobId}: its run was cancelled, stopping it`);
      r.abort.abort();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }

  private async runTask(job: Job<TaskJob>): Promise<TaskJobResult> {
    const abort = new AbortController();
    this.running.set(job.id!, { runId: job.data.runId, abort });
    try {
      return await this.attempt(job, abort.signal);
    } finally {
      this.running.delete(job.id!);
    }
  }

  /** One attempt, where the task's isolation says; its logs and metrics go out as job progress. */
  private async attempt(job: Job<TaskJob>, signal: AbortSignal): Promise<TaskJobResult> {
    // Progress updates are sent in order on one connection; wait for all before the job ends.
    const sent: Promise<unknown>[] = [];
    const send = (p: TaskProgress) => sent.push(job.updateProgress(p).catch(() => undefined));
    const channel: AttemptChannel = {
      onLog: (stream, text) => send({ kind: "log", stream, text }),
      onMetric: (key, value) => send({ kind: "metric", key, value }),
      signal,
    };
    const isolation = this.runner.taskClassOf(job.data).isolation ?? this.opts.settings.workerPool?.isolation ?? "shared";
    const result =
      isolation === "in-process"
        ? await this.runner.runAttempt(job.data, channel, signal)
        : await this.poolFor(job.data.dag).attempt(job.data, channel, isolation === "per-task");
    if (result.status === "succeeded") {
      await Promise.all(sent);
      return { durationMs: result.durationMs, outputs: result.outputs, inputs: result.inputs, contextReads: result.contextReads };
    }
    if (result.status === "cancelled") {
      await Promise.all(sent);
      throw new UnrecoverableError(`${CANCELLED_REASON} task '${job.data.task}' was stopped because its run was cancelled.`);
    }
    const error = result.error ?? { message: `Task '${job.data.task}' was cancelled.`, stack: "" };
    send({ kind: "attempt-failed", durationMs: result.durationMs, error, outputs: result.outputs, inputs: result.inputs });
    await Promise.all(sent);
    // Thrown, so the engine counts the attempt and retries by the job's attempts/backoff.
    throw new Error(error.message);
  }

  /**
   * A whole run executes here with the project's executor (e.g. worker-pool, which keeps CPU-bound tasks
   * off this event loop), except that it does not go back to the queue it came from.
   */
  private async runWholeDag(job: Job<RunJob>): Promise<RunJobResult> {
    const { settings, projectDir, registry } = this.opts;
    const executor = settings.executor === "bullmq" ? "in-process" : settings.executor;
    const outcome = await runDag({ ...job.data, projectDir, registry, settings, executor, storage: this.storage });
    return { status: outcome.status, runFolder: outcome.runFolder, runId: outcome.runId };
  }

  private poolFor(dag: string): ProcessPool {
    let pool = this.pools.get(dag);
    if (!pool) this.pools.set(dag, (pool = new ProcessPool(this.opts.projectDir, dag)));
    return pool;
  }
}

/** Calls `onCancel(runId)` for each run a coordinator cancels; a connection of its own (a subscribed client can do nothing else). */
async function subscribeToCancels(config: QueueConfig, onCancel: (runId: string) => void): Promise<Redis> {
  const cancels = redisClient(config);
  cancels.on("message", (_channel: string, runId: string) => onCancel(runId));
  await cancels.subscribe(cancelChannel(config));
  return cancels;
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
