// Runs ONE attempt of one task inside its run scope: console captured as the task's log, bounded by
// the task's timeout, given up when the run is cancelled; the attempt ends once the metrics it logged
// are in metrics.json. Every executor (in-process, worker pool, BullMQ worker) runs tasks through this
// function.

import { captureConsole, type LogSink } from "./console-capture";
import { flushMetrics } from "../ops/mlops";
import { toTaskError } from "./error-position";
import type { AttemptResult } from "./executors/base";
import { runInScope, type RunScope } from "./scope";
import type { TaskClass } from "./task";

export interface AttemptOptions {
  projectDir: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  onLog: LogSink;
}

export class TaskTimeoutError extends Error {
  constructor(task: string, timeoutMs: number) {
    super(`Task '${task}' did not finish within its timeoutMs of ${timeoutMs} ms; make it faster or raise 'static timeoutMs'.`);
    this.name = "TaskTimeoutError";
  }
}

/**
 * A JavaScript task cannot be killed from inside its own process: on timeout or cancel the attempt
 * ends at once and the task's promise is left to settle on its own (its result is ignored).
 * A task whose run() returns no promise completes without any timer or listener (the common no-op
 * case in long chains stays cheap).
 */
export async function runTaskAttempt(taskClass: TaskClass, scope: RunScope, opts: AttemptOptions): Promise<AttemptResult> {
  const result = await attempt(taskClass, scope, opts);
  // `mlops.logMetric` without `await` leaves its write queued: wait for it, so metrics.json is complete
  // when task-end is emitted and nothing is lost when a worker process exits after the task.
  await flushMetrics(scope.storage, scope.runFolder);
  return result;
}

function attempt(taskClass: TaskClass, scope: RunScope, opts: AttemptOptions): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (opts.signal?.aborted) return Promise.resolve({ status: "cancelled", durationMs: 0 });
  let value: unknown;
  try {
    value = captureConsole(opts.onLog, () => runInScope(scope, () => new taskClass().run()));
  } catch (thrown) {
    return Promise.resolve({ status: "failed", durationMs: elapsed(), error: toTaskError(thrown, opts.projectDir) });
  }
  if (!isThenable(value)) return Promise.resolve({ status: "succeeded", durationMs: elapsed() });
  const work = value;
  return new Promise<AttemptResult>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const signal = opts.signal;
    const settle = (result: Omit<AttemptResult, "durationMs">) => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve({ ...result, durationMs: elapsed() });
    };
    const onAbort = () => settle({ status: "cancelled" });
    if (opts.timeoutMs !== undefined && opts.timeoutMs > 0) {
      const ms = opts.timeoutMs;
      timer = setTimeout(() => settle({ status: "failed", error: toTaskError(new TaskTimeoutError(scope.task ?? taskClass.name, ms), opts.projectDir) }), ms);
    }
    // The task itself may have cancelled the run while it started.
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    work.then(
      () => settle({ status: "succeeded" }),
      (thrown: unknown) => settle({ status: "failed", error: toTaskError(thrown, opts.projectDir) }),
    );
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}
