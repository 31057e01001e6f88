// The retry loop every executor shares: attempt, and on failure wait `retryDelayMs` and try again,
// up to `retries` extra attempts. A cancel during the wait ends the task as cancelled.

import type { AttemptResult, ExecutorHooks, TaskJob, TaskOutcome } from "./base";

export async function withRetries(
  job: TaskJob,
  hooks: ExecutorHooks,
  attemptOnce: (attempt: number) => Promise<AttemptResult>,
): Promise<TaskOutcome> {
  const last = job.attempt + Math.max(0, job.retries);
  for (let attempt = job.attempt; ; attempt++) {
    if (hooks.signal.aborted) return { status: "cancelled", attempt, durationMs: 0 };
    hooks.onAttemptStart(attempt);
    const result = await attemptOnce(attempt);
    const willRetry = result.status === "failed" && attempt < last;
    hooks.onAttemptEnd(attempt, result, willRetry);
    if (!willRetry) return { ...result, attempt };
    if (!(await delay(job.retryDelayMs ?? 0, hooks.signal))) return { status: "cancelled", attempt, durationMs: 0 };
  }
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
