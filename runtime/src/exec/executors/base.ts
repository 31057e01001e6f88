// The executor contract: how one task of a run gets executed, in this process or elsewhere (a worker
// pool, a BullMQ worker). The executor owns retries, so an engine's own attempts/backoff can map to them.

import type { TaskError, TaskFile } from "../../../../shared/events";
import type { ContextRead } from "../../../../shared/run-cache";
import type { Settings } from "../../conf/settings";
import type { MaybePromise } from "../maybe-promise";
import type { RunScope } from "../scope";
import type { TaskClass } from "../task";

/** One task of one run, as plain data an engine can queue. */
export interface TaskJob {
  runId: string;
  /** Root-relative run folder (`runs/YYYY/MM/DD/<runId>`). */
  runFolder: string;
  /** Absolute path of the user's project (where a remote worker loads it from). */
  projectDir: string;
  dag: string;
  task: string;
  /** The first attempt number to make (1 for a fresh task). */
  attempt: number;
  /** Extra attempts after a failure. */
  retries: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  /** The run cache is on: the attempt records what it reads of the context (issue 13). */
  recordContextReads?: boolean;
}

export type AttemptStatus = "succeeded" | "failed" | "cancelled";

export interface AttemptResult {
  status: AttemptStatus;
  durationMs: number;
  error?: TaskError;
  /**
   * The attempt failed on a fault of its code (task-faults.ts): that code may still be running, and the
   * process that ran it is suspect; a task process ends itself after reporting it.
   */
  faulted?: boolean;
  /** The files the attempt wrote and read through storage/dataManager (task-files.ts); absent when none. */
  outputs?: TaskFile[];
  inputs?: TaskFile[];
  /** With the run cache on: what the attempt read of the context (cache/context-reads.ts). */
  contextReads?: ContextRead[];
}

/** The final result of a task after all its attempts. */
export interface TaskOutcome extends AttemptResult {
  /** The number of the last attempt made. */
  attempt: number;
}

export interface ExecutorHooks {
  onAttemptStart(attempt: number): void;
  onAttemptEnd(attempt: number, result: AttemptResult, willRetry: boolean): void;
  onLog(stream: "stdout" | "stderr", text: string): void;
  /** A fault of the task's code raised after its last attempt ended (executors that run code in this process). */
  onLateFault(error: TaskError): void;
  /** Aborted when the run is cancelled: stop the task and resolve with status "cancelled". */
  signal: AbortSignal;
}

export interface Executor {
  readonly name: string;
  /** A plain value when the task ended synchronously (in-process), so a run need not wait a turn. */
  execute(job: TaskJob, hooks: ExecutorHooks): MaybePromise<TaskOutcome>;
  /** Releases workers and connections; the run calls it once at its end. */
  close(): Promise<void>;
}

/**
 * What the run that created an executor knows locally. An in-process executor runs the class it gets
 * here; a remote executor ignores it and loads the project from `job.projectDir` instead.
 */
export interface LocalRun {
  /** The DAG being run: a worker process loads only the modules it needs. */
  dag: string;
  taskClass(label: string): TaskClass;
  /** The scope a task of this run executes in (context, storage, event sink). */
  scopeFor(task: string): RunScope;
}

/** Settings an executor reads: the project's resolved settings (e.g. `bullmq` for the BullMQ executor). */
export type ExecutorSettings = Settings;

export type ExecutorFactory = (settings: ExecutorSettings, run: LocalRun) => Executor | Promise<Executor>;
