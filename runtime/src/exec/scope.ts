// The run a piece of code belongs to. `context`, `storage`, `dataManager` and `mlops` (what user code
// imports from "gluepy") read the current scope, so every run gets a fresh context: nothing leaks
// from one run into the next in a long-lived process (editor, worker), and concurrent runs stay apart.
// The same frame carries the running task's log sink (console capture): one AsyncLocalStorage.run per
// task attempt, not two.

import { AsyncLocalStorage } from "node:async_hooks";
import type { RunEvent } from "../../../shared/events";
import type { Storage } from "../files/storages/base";

export interface RunScope {
  runId: string;
  /** Root-relative run folder: `runs/YYYY/MM/DD/<runId>`. */
  runFolder: string;
  /** The frozen, merged context of this run. */
  context: Readonly<Record<string, unknown>>;
  storage: Storage;
  /** The task being run, when code runs inside a task. */
  task?: string;
  /** Publishes an event of this run (metrics go through here). */
  emit(event: RunEvent): void;
}

/** Where the console output of a task goes. */
export type LogSink = (stream: "stdout" | "stderr", text: string) => void;

interface Frame {
  scope: RunScope;
  log?: LogSink;
}

const current = new AsyncLocalStorage<Frame>();

/** Runs `fn` in `scope`; with `log`, console output of the code it runs goes there (console-capture.ts). */
export function runInScope<T>(scope: RunScope, fn: () => T, log?: LogSink): T {
  return current.run({ scope, log }, fn);
}

/** The scope of the calling code, or undefined outside any run. */
export function currentScope(): RunScope | undefined {
  return current.getStore()?.scope;
}

/** The log sink of the task whose code is calling, or undefined. */
export function currentLogSink(): LogSink | undefined {
  return current.getStore()?.log;
}

/** Runs `fn` outside any scope (what it logs is not captured again). */
export function outsideScope<T>(fn: () => T): T {
  return current.exit(fn);
}
