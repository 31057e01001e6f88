// Task code cannot take its process down silently. In every process that runs tasks (the run's own, a
// worker-pool process, `gluepy worker`) an unhandled rejection or an uncaught exception raised by a task's
// code, and a process.exit() it calls, go to the task attempt whose code raised it: the attempt's scope
// frame (scope.ts) follows the task's callbacks and promises, and Node runs these handlers in the async
// context of the failing callback or promise. That attempt fails with the error (task-runner.ts).
//
// A fault no task owns (the runtime's own, or a project module's top-level code) still ends the process as
// Node would (message, exit 1), after the runs under way have recorded how they ended (run-guard.ts).

import { EXIT_TASK_FAILED } from "../../../shared/exit-codes";
import { currentFaultSink, type FaultKind } from "./scope";

/** What task code gets when it calls process.exit(): thrown so the code after the call does not run. */
export class TaskExitError extends Error {
  constructor(readonly code: string | number | null | undefined) {
    super(`The task called process.exit(${code ?? ""}): a task must not end the process its run shares. Throw an error to fail the task, or return from run().`);
    this.name = "TaskExitError";
  }
}

/** Called for a fault that no task owns, before the process ends. */
export type UnownedFaultHandler = (error: unknown, kind: Exclude<FaultKind, "exit">) => void;

const unownedHandlers = new Set<UnownedFaultHandler>();
/** Faults already given to their task (a TaskExitError that then escapes as an uncaught exception). */
const handled = new WeakSet<object>();
let installed = false;
const realExit = process.exit.bind(process);

/** Installs the handlers once per process. */
export function trapTaskFaults(): void {
  if (installed) return;
  installed = true;
  process.on("uncaughtException", (error) => onFault(error, "uncaughtException"));
  process.on("unhandledRejection", (reason) => onFault(reason, "unhandledRejection"));
  process.exit = ((code?: string | number | null) => {
    const sink = currentFaultSink();
    if (!sink) return realExit(code);
    const error = new TaskExitError(code);
    handled.add(error);
    sink(error, "exit");
    throw error;
  }) as typeof process.exit;
}

/** process.exit as Node has it, for the runtime's own exits from code that may run in a task's async context. */
export function exitProcess(code: number): never {
  return realExit(code);
}

/** Adds a handler for faults no task owns; returns its removal. */
export function onUnownedFault(handler: UnownedFaultHandler): () => void {
  unownedHandlers.add(handler);
  return () => unownedHandlers.delete(handler);
}

function onFault(error: unknown, kind: Exclude<FaultKind, "exit">): void {
  if (typeof error === "object" && error !== null && handled.has(error)) return;
  const sink = currentFaultSink();
  if (sink) {
    sink(error, kind);
    return;
  }
  for (const handler of unownedHandlers) handler(error, kind);
  // Another listener (a test runner, a host) decides what happens next.
  if (process.listenerCount(kind) > 1) return;
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`gluepy: ${kind === "unhandledRejection" ? "unhandled promise rejection" : "uncaught exception"}: ${text}\n`);
  realExit(EXIT_TASK_FAILED);
}

/** How the error message of a task's fault starts: says how it escaped, so the user knows what to fix. */
export function faultMessage(kind: FaultKind, message: string): string {
  if (kind === "unhandledRejection") return `Unhandled promise rejection in the task's code (await or catch it): ${message}`;
  if (kind === "uncaughtException") return `Uncaught exception in a callback of the task's code: ${message}`;
  return message;
}
