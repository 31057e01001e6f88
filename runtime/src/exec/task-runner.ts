// Runs ONE attempt of one task inside its run scope: console captured as the task's log, bounded by
// the task's timeout, given up when the run is cancelled. Every executor (in-process, worker pool,
// BullMQ worker) runs tasks through this function.

import { captureConsole, type LogSink } from "./console-capture";
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

class Cancelled {}

/**
 * A JavaScript task cannot be killed from inside its own process: on timeout or cancel the attempt
 * ends at once and the task's promise is left to settle on its own (its result is ignored).
 */
export async function runTaskAttempt(taskClass: TaskClass, scope: RunScope, opts: AttemptOptions): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (opts.signal?.aborted) return { status: "cancelled", durationMs: 0 };
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stoppers: Promise<never>[] = [];
  if (opts.timeoutMs !== undefined && opts.timeoutMs > 0) {
    const ms = opts.timeoutMs;
    stoppers.push(new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TaskTimeoutError(scope.task ?? taskClass.name, ms)), ms))));
  }
  if (opts.signal) {
    const signal = opts.signal;
    stoppers.push(new Promise<never>((_, reject) => signal.addEventListener("abort", (onAbort = () => reject(new Cancelled())), { once: true })));
  }
  try {
    const work = captureConsole(opts.onLog, () => runInScope(scope, async () => new taskClass().run()));
    await (stoppers.length > 0 ? Promise.race([work, ...stoppers]) : work);
    return { status: "succeeded", durationMs: elapsed() };
  } catch (thrown) {
    if (thrown instanceof Cancelled) return { status: "cancelled", durationMs: elapsed() };
    return { status: "failed", durationMs: elapsed(), error: toTaskError(thrown, opts.projectDir) };
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) opts.signal?.removeEventListener("abort", onAbort);
  }
}
