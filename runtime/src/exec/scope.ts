// The run a piece of code belongs to. `context`, `storage`, `dataManager` and `mlops` (what user code
// imports from "gluepy") read the current scope, so every run gets a fresh context: nothing leaks
// from one run into the next in a long-lived process (editor, worker), and concurrent runs stay apart.

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

const current = new AsyncLocalStorage<RunScope>();

export function runInScope<T>(scope: RunScope, fn: () => T): T {
  return current.run(scope, fn);
}

/** The scope of the calling code, or undefined outside any run. */
export function currentScope(): RunScope | undefined {
  return current.getStore();
}
