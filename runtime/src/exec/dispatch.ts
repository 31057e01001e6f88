// Hands one task of a run to the executor and turns what happens into events: task-start per
// attempt, a log line before each retry, task-end with the outcome.

import type { RunEvent, TaskEndEvent, TaskError } from "../../../shared/events";
import { isoNow } from "./clock";
import { toTaskError } from "./error-position";
import type { Executor, ExecutorHooks, TaskJob, TaskOutcome } from "./executors/base";
import type { MaybePromise } from "./maybe-promise";
import type { FinishedStatus } from "./scheduler";
import { taskOption, type TaskClass } from "./task";

export interface DispatchContext {
  executor: Executor;
  signal: AbortSignal;
  emit(event: RunEvent): void;
  /** The job fields every task of this run shares. */
  run: Pick<TaskJob, "runId" | "runFolder" | "projectDir" | "dag">;
  /** Attempts already made in this run folder (a retried folder continues the count). */
  attemptsSoFar(task: string): number;
}

/** The task's final status; synchronous when the executor finished it synchronously. */
export function dispatchTask(ctx: DispatchContext, task: string, cls: TaskClass): MaybePromise<FinishedStatus> {
  const { runId, runFolder, projectDir, dag } = ctx.run;
  const job: TaskJob = {
    runId,
    runFolder,
    projectDir,
    dag,
    task,
    attempt: ctx.attemptsSoFar(task) + 1,
    retries: taskOption(cls, "retries") ?? 0,
    retryDelayMs: taskOption(cls, "retryDelayMs"),
    timeoutMs: taskOption(cls, "timeoutMs"),
  };
  let lastAttempt = job.attempt;
  let ended = false;
  const hooks: ExecutorHooks = {
    signal: ctx.signal,
    onAttemptStart: (attempt) => {
      lastAttempt = attempt;
      ctx.emit({ event: "task-start", ts: isoNow(), task, attempt });
    },
    onAttemptEnd: (attempt, result, willRetry) => {
      if (willRetry) ctx.emit({ event: "task-log", ts: isoNow(), task, stream: "stderr", text: retryNote(attempt, job, result.error) });
    },
    // A task given up on (timeout, cancel) may still print; its log ended with its task-end.
    onLog: (stream, text) => ended || ctx.emit({ event: "task-log", ts: isoNow(), task, stream, text }),
  };
  // An executor that breaks (a lost worker, a dropped connection) fails this task, not the run.
  const broken = (err: unknown): TaskOutcome => {
    const message = `Executor '${ctx.executor.name}' could not run task '${task}': ${err instanceof Error ? err.message : String(err)}`;
    return { status: "failed", attempt: lastAttempt, durationMs: 0, error: toTaskError(new Error(message), job.projectDir) };
  };
  const end = (outcome: TaskOutcome): FinishedStatus => {
    ended = true;
    const event: TaskEndEvent = { event: "task-end", ts: isoNow(), task, status: outcome.status, attempt: outcome.attempt, durationMs: outcome.durationMs };
    if (outcome.error) event.error = outcome.error;
    ctx.emit(event);
    return outcome.status;
  };
  let outcome: MaybePromise<TaskOutcome>;
  try {
    outcome = ctx.executor.execute(job, hooks);
  } catch (err) {
    outcome = broken(err);
  }
  return outcome instanceof Promise ? outcome.then(end, (err: unknown) => end(broken(err))) : end(outcome);
}

function retryNote(attempt: number, job: TaskJob, error: TaskError | undefined): string {
  const last = job.attempt + job.retries;
  const wait = job.retryDelayMs ? ` in ${job.retryDelayMs} ms` : "";
  return `Attempt ${attempt} of ${last} failed${error ? `: ${error.message}` : ""}; retrying${wait}.`;
}
