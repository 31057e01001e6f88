// The run a piece of code belongs to. `context`, `storage`, `dataManager` and `mlops` (what user code
// imports from "gluepy") read the current scope, so every run gets a fresh context: nothing leaks
// from one run into the next in a long-lived process (editor, worker), and concurrent runs stay apart.
// The same frame carries the running task attempt's log sink (console capture), its fault handler
// (task-faults.ts) and the record of the files it reads and writes (task-files.ts): one AsyncLocalStorage.run
// per task attempt, not three; so tasks running concurrently in one process each get their own.

import { AsyncLocalStorage } from "node:async_hooks";
import type { RunEvent } from "../../../shared/events";
import type { Storage } from "../files/storages/base";
import type { AttemptFiles } from "../files/task-files";
import type { ContextReads } from "../cache/context-reads";

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
  /** The run cache is on: each task attempt records what it reads of the context (cache/context-reads.ts). */
  recordContextReads?: boolean;
}

/** Where the console output of a task goes. */
export type LogSink = (stream: "stdout" | "stderr", text: string) => void;

/** How a fault escaped a task's code (task-faults.ts). */
export type FaultKind = "uncaughtException" | "unhandledRejection" | "exit";

/** Where a fault of a task attempt's code goes, however late it comes (task-runner.ts decides what it means). */
export type FaultSink = (error: unknown, kind: FaultKind) => void;

interface Frame {
  scope: RunScope;
  log?: LogSink;
  fault?: FaultSink;
  files?: AttemptFiles;
  reads?: ContextReads;
}

const current = new AsyncLocalStorage<Frame>();

/**
 * Runs `fn` in `scope`; with `log`, console output of the code it runs goes there (console-capture.ts);
 * with `fault`, the faults that code raises, however late (task-faults.ts); with `files`, the files it
 * reads and writes through the task API's storage and dataManager (recorded-storage.ts).
 */
export function runInScope<T>(scope: RunScope, fn: () => T, log?: LogSink, fault?: FaultSink, files?: AttemptFiles, reads?: ContextReads): T {
  return current.run({ scope, log, fault, files, reads }, fn);
}

/** The context reads the calling task attempt records (run cache on), or undefined. */
export function currentContextReads(): ContextReads | undefined {
  return current.getStore()?.reads;
}

/** The scope of the calling code, or undefined outside any run. */
export function currentScope(): RunScope | undefined {
  return current.getStore()?.scope;
}

/** The log sink of the task whose code is calling, or undefined. */
export function currentLogSink(): LogSink | undefined {
  return current.getStore()?.log;
}

/** The fault sink of the task attempt whose code is running (or ran: its callbacks keep the frame). */
export function currentFaultSink(): FaultSink | undefined {
  return current.getStore()?.fault;
}

/** The file record of the task attempt whose code is calling, or undefined outside one. */
export function currentAttemptFiles(): AttemptFiles | undefined {
  return current.getStore()?.files;
}

/** Runs `fn` outside any scope (what it logs is not captured again). */
export function outsideScope<T>(fn: () => T): T {
  return current.exit(fn);
}
