// The retry loop every executor shares: attempt, and on failure wait `retryDelayMs` and try again,
// up to `retries` extra attempts. A cancel during the wait ends the task as cancelled.

import type { MaybePromise } from "../maybe-promise";
import type { AttemptResult, ExecutorHooks, TaskJob, TaskOutcome } from "./base";

export async function withRetries(job: TaskJob, hooks: ExecutorHooks, attemptOnce: (attempt: number) => MaybePromise<AttemptResult>): Promise<TaskOutcome> {
  return retrying(job, hooks, attemptOnce);
}

/** withRetries, synchronous when the attempt is (a task that finishes at once needs no promise). */
export function retrying(
  job: TaskJob,
  hooks: ExecutorHooks,
  attemptOnce: (attempt: number) => MaybePromise<AttemptResult>,
  attempt = job.attempt,
): MaybePromise<TaskOutcome> {
  if (hooks.signal.aborted) return { status: "cancelled", attempt, durationMs: 0 };
  hooks.onAttemptStart(attempt);
  const result = attemptOnce(attempt);
  // No closure for an attempt that ended synchronously: a 10,000-task chain of them would make 10,000.
  if (!(result instanceof Promise)) return attemptEnded(job, hooks, attemptOnce, attempt, result);
  return result.then((r) => attemptEnded(job, hooks, attemptOnce, attempt, r));
}

/** The task's outcome after `attempt` ended with `result`, or the next attempt's. */
function attemptEnded(
  job: TaskJob,
  hooks: ExecutorHooks,
  attemptOnce: (attempt: number) => MaybePromise<AttemptResult>,
  attempt: number,
  result: AttemptResult,
): MaybePromise<TaskOutcome> {
  const willRetry = result.status === "failed" && attempt < job.attempt + Math.max(0, job.retries);
  hooks.onAttemptEnd(attempt, result, willRetry);
  if (!willRetry) {
    // The attempt's own result, completed rather than copied: a 10,000-task chain makes 10,000 of them.
    const outcome = result as TaskOutcome;
    outcome.attempt = attempt;
    return outcome;
  }
  return delay(job.retryDelayMs ?? 0, hooks.signal).then((waited) =>
    waited ? retrying(job, hooks, attemptOnce, attempt + 1) : { status: "cancelled", attempt, durationMs: 0 },
  );
}

/** Waits `ms`; false when the signal aborts first. */
function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
