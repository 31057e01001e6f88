// A run's record stays whole on the exit paths its own code does not see: a process.exit() from outside
// any task (a second Ctrl-C, a host), a fault no task owns (task-faults.ts), a heap about to run out
// (heap-watch.ts). Each ends the tasks still running and the run with events saying why, and writes
// state.json synchronously: once the process is exiting, no promise settles any more.

import type { RunEvent } from "../../../shared/events";
import { EXIT_CANCELLED, EXIT_TASK_FAILED } from "../../../shared/exit-codes";
import { isoNow } from "./clock";
import { watchHeap } from "./heap-watch";
import type { RunRecord } from "./run-record";
import { exitProcess, onUnownedFault } from "./task-faults";

export interface GuardedRun {
  record: RunRecord;
  /** The run's event sink (records the event and passes it on to the caller). */
  emit(event: RunEvent): void;
  /** When this invocation started (the run-end's duration). */
  startedMs: number;
  /** Called once the run was ended by the guard (nothing more may be emitted). */
  onEnded(): void;
}

/** Guards `run` until the returned function is called (at the run's normal end). */
export function guardRun(run: GuardedRun): () => void {
  const onExit = (code: number) => {
    if (run.record.closed) return;
    endRun(run, code === EXIT_CANCELLED ? "cancelled" : "failed", `The process exited (code ${code}) while the task was running.`);
    // An exit(0) in the middle of a run is not a success: the code a caller sees says the run failed.
    if (code === 0) process.exitCode = EXIT_TASK_FAILED;
  };
  const removeFaultHandler = onUnownedFault((error) => {
    const message = error instanceof Error ? error.message : String(error);
    endRun(run, "failed", `The run stopped on an error outside any task: ${message}`);
  });
  const stopHeapWatch = watchHeap(({ usedMb, limitMb }) => {
    endRun(
      run,
      "failed",
      `The process ran out of memory (${usedMb} of ${limitMb} MB of heap in use after a full garbage collection); the run stopped. ` +
        "Make the task hold less at once, or give Node more heap: NODE_OPTIONS=--max-old-space-size=<MB>.",
    );
    process.stderr.write(`gluepy: the run stopped: out of memory (${usedMb} of ${limitMb} MB of heap in use). Its record is complete; resume it with --retry <run folder> --resume.\n`);
    exitProcess(EXIT_TASK_FAILED);
  });
  process.on("exit", onExit);
  return () => {
    process.off("exit", onExit);
    removeFaultHandler();
    stopHeapWatch();
  };
}

/** Ends every task still running and the run with `status`, and closes the record synchronously. */
export function endRun(run: GuardedRun, status: "failed" | "cancelled", why: string): void {
  const state = run.record.current;
  if (run.record.closed || !state) return;
  const now = Date.now();
  const ts = isoNow();
  for (const [task, t] of Object.entries(state.tasks)) {
    if (t.status !== "running") continue;
    const durationMs = t.startedAt ? Math.max(0, now - Date.parse(t.startedAt)) : 0;
    const error = status === "failed" ? { error: { message: why, stack: "" } } : {};
    run.emit({ event: "task-end", ts, task, status, attempt: t.attempts, durationMs, ...error });
  }
  run.emit({ event: "run-end", ts, status, durationMs: now - run.startedMs });
  run.onEnded();
  run.record.closeSync();
}
