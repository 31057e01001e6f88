// The BullMQ executor: the run (this process) coordinates, `gluepy worker` processes execute. The run's
// scheduler calls `execute` once a task's upstream tasks all succeeded; this enqueues the task as a job
// and follows it through the queue's event stream until it completes or fails for good.
//
// Mapping onto the engine: the task's retries/retryDelayMs become the job's attempts/backoff; a worker
// that dies mid-task loses its lock, and another worker's stalled-job check hands the task on (that lost
// attempt is reported as failed, and the next one counted). Storage is the only channel for data.
//
// Job ids are deterministic, `<runId>.<task>.<first attempt of the series>`, and finished jobs stay on the
// queue for a while: a resumed coordinator adopts what its predecessor enqueued (completed: recorded,
// not run again; waiting or running: followed; failed: recorded as failed) instead of enqueueing twice.

import { Queue, QueueEvents } from "bullmq";
import type { TaskError } from "../../../../shared/events";
import { CANCELLED_REASON, cancelChannel, describeQueue, probeQueue, queueConfig, redisClient, TASK_JOB, type QueueConfig, type TaskJobResult, type TaskProgress } from "../distributed/queue-config";
import type { AttemptResult, Executor, ExecutorHooks, ExecutorSettings, LocalRun, TaskJob, TaskOutcome } from "./base";

export async function createBullmqExecutor(settings: ExecutorSettings, run: LocalRun): Promise<Executor> {
  const config = queueConfig(settings.bullmq);
  // Follow events from now on: the stream's last id is read first, so no event of a job added later is missed.
  const lastEventId = await probeQueue(config);
  const queue = new Queue(config.name, { connection: config.connection, prefix: config.prefix });
  const events = new QueueEvents(config.name, { connection: config.connection, prefix: config.prefix, lastEventId });
  await events.waitUntilReady();
  return new BullmqExecutor(config, queue, events, run);
}

/** One job being followed: its events turn into the run's hooks. */
interface Watch {
  job: TaskJob;
  hooks: ExecutorHooks;
  /** The attempt number of the followed job's first attempt (its id's last part). */
  first: number;
  /** Attempts of the followed job started so far. */
  started: number;
  /** True from an attempt's start until its end is reported. */
  running: boolean;
  lastFailure?: Pick<AttemptResult, "durationMs" | "error" | "outputs" | "inputs">;
  resolve(outcome: TaskOutcome): void;
}

class BullmqExecutor implements Executor {
  readonly name = "bullmq";
  private readonly watches = new Map<string, Watch>();
  private readonly signals = new WeakSet<AbortSignal>();

  constructor(
    private readonly config: QueueConfig,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly run: LocalRun,
  ) {
    events.on("active", ({ jobId }) => this.onActive(jobId));
    events.on("progress", ({ jobId, data }) => this.onProgress(jobId, data as TaskProgress));
    events.on("stalled", ({ jobId }) => this.onStalled(jobId));
    // A failed attempt that will be retried goes back to "waiting" (or "delayed" with a backoff). A
    // stalled job does too, and its "stalled" event follows; the worker's attempt-failed report tells them apart.
    events.on("waiting", ({ jobId, prev }) => prev === "active" && this.onRetry(jobId));
    events.on("delayed", ({ jobId }) => this.onRetry(jobId));
    events.on("completed", ({ jobId, returnvalue }) => this.onCompleted(jobId, returnvalue as unknown as TaskJobResult));
    events.on("failed", ({ jobId, failedReason }) => this.onFailed(jobId, failedReason));
    // The job id was on the queue already (enqueued by a coordinator that stopped): follow that job.
    // One that a cancel stopped (or that just left the queue) is not adopted: it is enqueued anew.
    events.on("duplicated", ({ jobId }) => {
      const w = this.watches.get(jobId);
      if (!w) return;
      this.adopt(jobId, w)
        .then((adopted) => (adopted ? undefined : this.enqueue(w.job)))
        .catch((err: Error) => w.resolve({ status: "failed", durationMs: 0, attempt: w.job.attempt, error: { message: this.enqueueError(w.job, err), stack: "" } }));
    });
  }

  execute(job: TaskJob, hooks: ExecutorHooks): Promise<TaskOutcome> {
    return new Promise<TaskOutcome>((resolve, reject) => {
      this.cancelOnAbort(hooks.signal);
      const follow = (first: number): Watch => {
        const jobId = jobIdOf(job, first);
        const watch: Watch = {
          job,
          hooks,
          first,
          started: 0,
          running: false,
          resolve: (outcome) => {
            this.watches.delete(jobId);
            resolve(outcome);
          },
        };
        this.watches.set(jobId, watch);
        return watch;
      };
      this.adoptEarlier(job, follow)
        .then((adopted) => {
          if (adopted) return;
          follow(job.attempt);
          return this.enqueue(job);
        })
        .catch((err: Error) => {
          for (let k = job.attempt; k >= 1; k--) this.watches.delete(jobIdOf(job, k));
          reject(new Error(this.enqueueError(job, err)));
        });
    });
  }

  private async enqueue(job: TaskJob): Promise<void> {
    await this.queue.add(TASK_JOB, job, {
      jobId: jobIdOf(job, job.attempt),
      attempts: job.retries + 1,
      backoff: { type: "fixed", delay: job.retryDelayMs ?? 0 },
      // Kept, so a coordinator that restarts finds what finished while it was down.
      removeOnComplete: { age: KEEP_FINISHED_S },
      removeOnFail: { age: KEEP_FINISHED_S },
    });
  }

  private enqueueError(job: TaskJob, err: Error): string {
    return `Cannot enqueue task '${job.task}' (${describeQueue(this.config)}): ${err.message}`;
  }

  /**
   * A resumed task (first attempt > 1) may still have the job of an earlier series on the queue, enqueued
   * by a coordinator that stopped before recording its end: follow or record that job instead.
   */
  private async adoptEarlier(job: TaskJob, follow: (first: number) => Watch): Promise<boolean> {
    for (let k = job.attempt - 1; k >= 1; k--) {
      const w = follow(k);
      if (await this.adopt(jobIdOf(job, k), w)) return true;
      this.watches.delete(jobIdOf(job, k));
    }
    return false;
  }

  /** Takes over an existing job for `w`: true when it exists (and is not a cancelled attempt to run anew). */
  private async adopt(jobId: string, w: Watch): Promise<boolean> {
    const found = await this.queue.getJob(jobId);
    if (!found) return false;
    const state = await found.getState();
    if (this.watches.get(jobId) !== w) return true; // its events already ended it
    const startedBefore = () => {
      w.started = Math.max(w.started, found.attemptsStarted, 1);
      w.hooks.onAttemptStart(this.attemptOf(w));
      w.running = true;
    };
    if (state === "completed") {
      startedBefore();
      this.onCompleted(jobId, found.returnvalue as TaskJobResult | undefined);
    } else if (state === "failed") {
      if (found.failedReason?.startsWith(CANCELLED_REASON)) {
        await this.queue.remove(jobId);
        return false;
      }
      startedBefore();
      w.lastFailure = { durationMs: 0, error: { message: found.failedReason, stack: found.stacktrace?.at(-1) ?? "" } };
      this.onFailed(jobId, found.failedReason);
    } else if (state === "active") {
      if (!w.running) startedBefore();
    } else if (state !== "unknown") {
      // Waiting or delayed: the attempts made so far failed; the next start is counted after them.
      w.started = Math.max(w.started, found.attemptsStarted);
    } else return false;
    return true;
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
  }

  private attemptOf(w: Watch): number {
    return w.first + w.started - 1;
  }

  private onActive(jobId: string) {
    const w = this.watches.get(jobId);
    if (!w) return;
    w.started++;
    w.running = true;
    w.lastFailure = undefined;
    w.hooks.onAttemptStart(this.attemptOf(w));
  }

  private onProgress(jobId: string, p: TaskProgress) {
    const w = this.watches.get(jobId);
    if (!w) return;
    if (p.kind === "log") w.hooks.onLog(p.stream, p.text);
    else if (p.kind === "metric") {
      this.run.scopeFor(w.job.task).emit({ event: "metric", ts: new Date().toISOString(), task: w.job.task, key: p.key, value: p.value });
    } else if (p.kind === "attempt-failed") w.lastFailure = { durationMs: p.durationMs, error: p.error, outputs: p.outputs, inputs: p.inputs };
  }

  /** The worker running the attempt died (its lock expired): the engine hands the task to another worker. */
  private onStalled(jobId: string) {
    const w = this.watches.get(jobId);
    if (!w || !w.running) return;
    w.running = false;
    const error: TaskError = {
      message: `The worker running task '${w.job.task}' stopped responding (its lock expired); the task goes to another worker.`,
      stack: "",
    };
    w.hooks.onAttemptEnd(this.attemptOf(w), { status: "failed", durationMs: 0, error }, true);
  }

  /** The attempt failed and the engine will run another one (after the backoff). */
  private onRetry(jobId: string) {
    const w = this.watches.get(jobId);
    if (!w || !w.running || !w.lastFailure) return;
    w.running = false;
    w.hooks.onAttemptEnd(this.attemptOf(w), this.failure(w, "the task failed"), true);
  }

  private onCompleted(jobId: string, value: TaskJobResult | undefined) {
    const w = this.watches.get(jobId);
    if (!w) return;
    const result: AttemptResult = { status: "succeeded", durationMs: value?.durationMs ?? 0 };
    if (value?.outputs) result.outputs = value.outputs;
    if (value?.inputs) result.inputs = value.inputs;
    if (value?.contextReads) result.contextReads = value.contextReads;
    w.hooks.onAttemptEnd(this.attemptOf(w), result, false);
    w.resolve({ ...result, attempt: this.attemptOf(w) });
  }

  private onFailed(jobId: string, reason: string) {
    const w = this.watches.get(jobId);
    if (!w) return;
    // A job followed on resume that an earlier coordinator's cancel stopped: cancelled, resumable again.
    const result: AttemptResult = reason.startsWith(CANCELLED_REASON) ? { status: "cancelled", durationMs: 0 } : this.failure(w, reason);
    w.hooks.onAttemptEnd(this.attemptOf(w), result, false);
    w.resolve({ ...result, attempt: Math.max(1, this.attemptOf(w)) });
    // Recorded: a resume runs the task anew rather than adopting this failure.
    void this.queue.remove(jobId).catch(() => undefined);
  }

  private failure(w: Watch, reason: string): AttemptResult {
    const result: AttemptResult = { status: "failed", durationMs: w.lastFailure?.durationMs ?? 0, error: w.lastFailure?.error ?? { message: reason, stack: "" } };
    if (w.lastFailure?.outputs) result.outputs = w.lastFailure.outputs;
    if (w.lastFailure?.inputs) result.inputs = w.lastFailure.inputs;
    return result;
  }

  /** One listener per run signal (not one per task): a cancel stops every job of that run. */
  private cancelOnAbort(signal: AbortSignal) {
    if (this.signals.has(signal)) return;
    this.signals.add(signal);
    signal.addEventListener("abort", () => void this.cancelRun(signal), { once: true });
  }

  /**
   * A cancelled run: jobs still waiting are taken off the queue; workers are told to stop the ones they
   * run (by the run id, on the cancel channel) before the run learns its tasks ended as cancelled.
   */
  private async cancelRun(signal: AbortSignal) {
    const cancelled = [...this.watches].filter(([, w]) => w.hooks.signal === signal);
    await Promise.all(
      cancelled.map(([jobId]) =>
        this.queue.remove(jobId).catch(() => {
          // Locked by a worker: the cancel message below stops it.
        }),
      ),
    );
    const runIds = new Set(cancelled.map(([, w]) => w.job.runId));
    const client = redisClient(this.config, { maxRetriesPerRequest: 1 });
    client.on("error", () => undefined);
    try {
      await Promise.all([...runIds].map((runId) => client.publish(cancelChannel(this.config), runId)));
    } catch {
      // Redis gone: the workers' attempts run to their end; a resume adopts what they finished.
    } finally {
      client.disconnect();
    }
    for (const [, w] of cancelled) w.resolve({ status: "cancelled", durationMs: 0, attempt: Math.max(w.job.attempt, this.attemptOf(w)) });
  }
}

/** Finished jobs stay this long (seconds), for a coordinator restarted with --resume to find. */
const KEEP_FINISHED_S = 7 * 24 * 3600;

function jobIdOf(job: TaskJob, firstAttempt: number): string {
  return `${job.runId}.${job.task}.${firstAttempt}`;
}
