// Runs ONE attempt of one task inside its run scope: console captured as the task's log, bounded by
// the task's timeout, given up when the run is cancelled, failed by a fault its code raises (task-faults.ts);
// the attempt ends once the metrics it logged are in metrics.json; its result carries the files its code
// wrote and read through storage/dataManager (task-files.ts). Every executor (in-process, worker pool, BullMQ worker) runs tasks through here.

import { AttemptFiles } from "../files/task-files";
import { ContextReads } from "../cache/context-reads";
import { pendingMetricWrites } from "../ops/mlops";
import { installConsoleCapture } from "./console-capture";
import { toTaskError } from "./error-position";
import type { AttemptResult } from "./executors/base";
import { isThenable, type MaybePromise } from "./maybe-promise";
import type { TaskError } from "../../../shared/events";
import { runInScope, type FaultKind, type LogSink, type RunScope } from "./scope";
import { faultMessage, trapTaskFaults } from "./task-faults";
import type { Task, TaskClass } from "./task";

export interface AttemptOptions {
  projectDir: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  onLog: LogSink;
  /** A fault of the task's code raised after the attempt ended (an unawaited callback). */
  onLateFault?(error: TaskError): void;
}

export class TaskTimeoutError extends Error {
  constructor(task: string, timeoutMs: number) {
    super(`Task '${task}' did not finish within its timeoutMs of ${timeoutMs} ms; make it faster or raise 'static timeoutMs'.`);
    this.name = "TaskTimeoutError";
  }
}

export async function runTaskAttempt(taskClass: TaskClass, scope: RunScope, opts: AttemptOptions): Promise<AttemptResult> {
  return attemptTask(taskClass, scope, opts);
}

/**
 * runTaskAttempt, but a task whose run() returns no promise and logged no metric still in flight ends
 * synchronously: no promise, timer or listener, so the common no-op task of a long chain stays cheap.
 * A JavaScript task cannot be killed from inside its own process: on timeout or cancel the attempt
 * ends at once and the task's promise is left to settle on its own (its result is ignored).
 */
export function attemptTask(taskClass: TaskClass, scope: RunScope, opts: AttemptOptions): MaybePromise<AttemptResult> {
  const files = new AttemptFiles(scope.runFolder);
  // Only with the run cache on: what it reads of the context is part of its fingerprint (issue 13).
  const reads = scope.recordContextReads ? new ContextReads() : undefined;
  const result = attempt(taskClass, scope, opts, files, reads);
  // No closure for an attempt that ended synchronously: a 10,000-task chain of them would make 10,000.
  if (!(result instanceof Promise)) return afterMetrics(scope, withFiles(result, files, reads));
  return result.then((r) => afterMetrics(scope, withFiles(r, files, reads)));
}

/** The files as they stand when the attempt ends: what a task given up on writes later is not its output. */
function withFiles(result: AttemptResult, files: AttemptFiles, reads: ContextReads | undefined): AttemptResult {
  const { outputs, inputs } = files.report();
  if (outputs) result.outputs = outputs;
  if (inputs) result.inputs = inputs;
  if (reads) result.contextReads = reads.list();
  return result;
}

/**
 * `mlops.logMetric` without `await` leaves its write queued: wait for it, so metrics.json is complete
 * when task-end is emitted and nothing is lost when a worker process exits after the task.
 */
function afterMetrics(scope: RunScope, result: AttemptResult): MaybePromise<AttemptResult> {
  const pending = pendingMetricWrites(scope.storage, scope.runFolder);
  return pending ? pending.then(() => result) : result;
}

function attempt(taskClass: TaskClass, scope: RunScope, opts: AttemptOptions, files: AttemptFiles, reads: ContextReads | undefined): MaybePromise<AttemptResult> {
  const started = performance.now();
  if (opts.signal?.aborted) return { status: "cancelled", durationMs: 0 };
  const faults = new AttemptFaults(opts);
  let value: unknown;
  try {
    installConsoleCapture();
    trapTaskFaults();
    value = runInScope(scope, () => runTask(new taskClass()), opts.onLog, faults.sink, files, reads);
  } catch (thrown) {
    faults.over = true;
    return faults.early ? { status: "failed", durationMs: msSince(started), error: faults.early, faulted: true } : { status: "failed", durationMs: msSince(started), error: toTaskError(thrown, opts.projectDir) };
  }
  if (!isThenable(value)) {
    faults.over = true;
    return faults.early ? { status: "failed", durationMs: msSince(started), error: faults.early, faulted: true } : { status: "succeeded", durationMs: msSince(started) };
  }
  const work = value;
  return new Promise<AttemptResult>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const signal = opts.signal;
    const settle = (result: Omit<AttemptResult, "durationMs">) => {
      if (faults.over) return;
      faults.over = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve({ ...result, durationMs: msSince(started) });
    };
    const onAbort = () => settle({ status: "cancelled" });
    faults.pending = (error) => settle({ status: "failed", error, faulted: true });
    if (faults.early) return settle({ status: "failed", error: faults.early, faulted: true });
    if (opts.timeoutMs !== undefined && opts.timeoutMs > 0) {
      const ms = opts.timeoutMs;
      timer = setTimeout(() => settle({ status: "failed", error: toTaskError(new TaskTimeoutError(scope.task ?? taskClass.name, ms), opts.projectDir) }), ms);
    }
    // The task itself may have cancelled the run while it started.
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    work.then(
      // A turn later: Node reports a promise rejection the task left unhandled only once the microtasks of
      // this turn have run, and that rejection must fail this attempt rather than a finished task.
      () => setImmediate(() => settle({ status: "succeeded" })),
      (thrown: unknown) => settle({ status: "failed", error: toTaskError(thrown, opts.projectDir) }),
    );
  });
}

/** Whole milliseconds since `started` (a performance.now()): a function, not a closure made per attempt. */
function msSince(started: number): number {
  return Math.round(performance.now() - started);
}

/**
 * The faults of one attempt's code (task-faults.ts): one raised while run() executes synchronously (a
 * process.exit() the code caught) fails the attempt when run() returns; one raised while the attempt
 * runs fails it at once; one raised after it ended (a callback it did not await) goes to `onLateFault`.
 */
class AttemptFaults {
  early: TaskError | undefined;
  pending: ((error: TaskError) => void) | undefined;
  over = false;

  constructor(private readonly opts: AttemptOptions) {}

  readonly sink = (thrown: unknown, kind: FaultKind): void => {
    const error = toTaskError(thrown, this.opts.projectDir);
    error.message = faultMessage(kind, error.message);
    if (this.over) this.opts.onLateFault?.(error);
    else if (this.pending) this.pending(error);
    else this.early ??= error;
  };
}

/** `task.run()`, through Reflect.get: every task class has a shape of its own (see taskOption in task.ts). */
function runTask(task: Task): unknown {
  return (Reflect.get(task, "run") as Task["run"]).call(task);
}
