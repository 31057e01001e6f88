// Hands one task of a run to the executor and turns what happens into events: task-start per
// attempt, a log line before each retry, task-end with the outcome.

import type { RunEvent, TaskEndEvent, TaskError } from "../../../shared/events";
import type { TaskFingerprint } from "../../../shared/run-cache";
import { isoNow } from "./clock";
import { toTaskError } from "./error-position";
import type { AttemptResult, Executor, ExecutorHooks, TaskJob, TaskOutcome } from "./executors/base";
import type { MaybePromise } from "./maybe-promise";
import type { FinishedStatus } from "./scheduler";
import { taskOption, type TaskClass } from "./task";

export interface DispatchContext {
  executor: Executor;
  signal: AbortSignal;
  emit(event: RunEvent): void;
  /** The job fields every task of this run shares. */
  run: Pick<TaskJob, "runId" | "runFolder" | "projectDir" | "dag" | "recordContextReads">;
  /** Attempts already made in this run folder (a retried folder continues the count). */
  attemptsSoFar(task: string): number;
  /** A task recorded succeeded was failed afterwards by a fault of its code (onLateFault). */
  onFailedLate(task: string): void;
  /** With the run cache on: the fingerprint a succeeded task's end records (cache/run-cache.ts). */
  fingerprintOf?(task: string, outcome: TaskOutcome): TaskFingerprint | undefined;
}

/** The task's final status; synchronous when the executor finished it synchronously. */
export function dispatchTask(ctx: DispatchContext, task: string, cls: TaskClass): MaybePromise<FinishedStatus> {
  const d = new TaskDispatch(ctx, task, cls);
  let outcome: MaybePromise<TaskOutcome>;
  try {
    outcome = ctx.executor.execute(d.job, d);
  } catch (err) {
    outcome = d.broken(err);
  }
  return outcome instanceof Promise ? outcome.then((o) => d.end(o), (err: unknown) => d.end(d.broken(err))) : d.end(outcome);
}

/**
 * One task handed to the executor: its job, and the hooks that turn what happens into events. One
 * object per task, with methods, rather than a set of closures: a 10,000-task run makes 10,000 of them.
 */
class TaskDispatch implements ExecutorHooks {
  readonly job: TaskJob;
  readonly signal: AbortSignal;
  private lastAttempt: number;
  private ended = false;
  private status: FinishedStatus | undefined;

  constructor(
    private readonly ctx: DispatchContext,
    private readonly task: string,
    cls: TaskClass,
  ) {
    const run = ctx.run;
    this.job = {
      runId: run.runId,
      runFolder: run.runFolder,
      projectDir: run.projectDir,
      dag: run.dag,
      task,
      attempt: ctx.attemptsSoFar(task) + 1,
      retries: taskOption(cls, "retries") ?? 0,
      retryDelayMs: taskOption(cls, "retryDelayMs"),
      timeoutMs: taskOption(cls, "timeoutMs"),
    };
    if (run.recordContextReads) this.job.recordContextReads = true;
    this.signal = ctx.signal;
    this.lastAttempt = this.job.attempt;
  }

  onAttemptStart(attempt: number): void {
    this.lastAttempt = attempt;
    this.ctx.emit({ event: "task-start", ts: isoNow(), task: this.task, attempt });
  }

  onAttemptEnd(attempt: number, result: AttemptResult, willRetry: boolean): void {
    if (willRetry) this.ctx.emit({ event: "task-log", ts: isoNow(), task: this.task, stream: "stderr", text: retryNote(attempt, this.job, result.error) });
  }

  // A field, not a method: executors pass it on as an attempt's log sink. A task given up on (timeout,
  // cancel) may still print; its log ended with its task-end.
  readonly onLog = (stream: "stdout" | "stderr", text: string): void => {
    if (!this.ended) this.ctx.emit({ event: "task-log", ts: isoNow(), task: this.task, stream, text });
  };

  /**
   * A fault of the task's code raised after its attempt ended (a callback or promise it did not await).
   * A task recorded succeeded is recorded failed now, so the run fails and a resume runs it again; tasks
   * that started after it keep their outcome.
   */
  readonly onLateFault = (error: TaskError): void => {
    if (this.status !== "succeeded") {
      this.ctx.emit({ event: "task-log", ts: isoNow(), task: this.task, stream: "stderr", text: `After the task ended: ${error.message}` });
      return;
    }
    this.status = "failed";
    this.ctx.emit({ event: "task-end", ts: isoNow(), task: this.task, status: "failed", attempt: this.lastAttempt, durationMs: 0, error });
    this.ctx.onFailedLate(this.task);
  };

  /** An executor that breaks (a lost worker, a dropped connection) fails this task, not the run. */
  broken(err: unknown): TaskOutcome {
    const message = `Executor '${this.ctx.executor.name}' could not run task '${this.task}': ${err instanceof Error ? err.message : String(err)}`;
    return { status: "failed", attempt: this.lastAttempt, durationMs: 0, error: toTaskError(new Error(message), this.job.projectDir) };
  }

  end(outcome: TaskOutcome): FinishedStatus {
    this.ended = true;
    this.status = outcome.status;
    const event: TaskEndEvent = { event: "task-end", ts: isoNow(), task: this.task, status: outcome.status, attempt: outcome.attempt, durationMs: outcome.durationMs };
    if (outcome.error) event.error = outcome.error;
    if (outcome.outputs) event.outputs = outcome.outputs;
    if (outcome.inputs) event.inputs = outcome.inputs;
    const fingerprint = outcome.status === "succeeded" ? this.ctx.fingerprintOf?.(this.task, outcome) : undefined;
    if (fingerprint) event.fingerprint = fingerprint;
    this.ctx.emit(event);
    return outcome.status;
  }
}

function retryNote(attempt: number, job: TaskJob, error: TaskError | undefined): string {
  const last = job.attempt + job.retries;
  const wait = job.retryDelayMs ? ` in ${job.retryDelayMs} ms` : "";
  // The message's own closing stop goes, so the sentence reads "failed: no file; retrying", not "file.; retrying".
  const reason = error ? `: ${error.message.replace(/[.!]+$/, "")}` : "";
  return `Attempt ${attempt} of ${last} failed${reason}; retrying${wait}.`;
}
