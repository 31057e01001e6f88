// Values that are there at once or later. The per-task path of a run (attempt, retries, dispatch,
// scheduler) stays synchronous for a task that finishes synchronously: a promise per step would cost a
// 10,000-task chain more than its tasks do.

export type MaybePromise<T> = T | Promise<T>;

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}
