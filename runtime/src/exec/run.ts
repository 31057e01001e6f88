// `runDag`: the one way a DAG runs, for the CLI, the editor and workers. Validates before touching
// anything (unknown DAG or task, invalid graph → UsageError, exit 2), creates or reuses the run folder,
// runs the start task (context), then the tasks through an executor, recording every event in
// `.gluepy/events.jsonl` and `.gluepy/state.json`; run-guard.ts keeps that record whole on exit paths
// this code does not see.

import path from "node:path";
import type { RunEvent, RunTaskInfo } from "../../../shared/events";
import { runExitCode, type RunExitCode } from "../../../shared/exit-codes";
import type { RunState } from "../../../shared/run-state";
import type { Settings } from "../conf/settings";
import type { Storage } from "../files/storages/base";
import { createStorage } from "../files/storages/index";
import { flushMetrics, readMetrics, type Metrics } from "../ops/mlops";
import { isoNow } from "./clock";
import { dispatchTask, type DispatchContext } from "./dispatch";
import { UsageError } from "./errors";
import type { Executor, LocalRun } from "./executors/base";
import { createExecutor } from "./executors/index";
import type { Registry } from "./registry";
import { newRunId, runFolderArg, runFolderFor } from "./run-folder";
import { RunRecord, readState } from "./run-record";
import type { RunScope } from "./scope";
import { schedule, type ScheduleResult } from "./scheduler";
import { selectTasks } from "./selection";
import { runStartTask } from "./start-task";
import { validateRun, type ValidRun } from "./validate-run";
import { endRun, guardRun } from "./run-guard";
import type { Context } from "../conf/context";
import type { CodeSources } from "../cache/code-fingerprint";
import { RunCache } from "../cache/run-cache";

export interface RunOptions {
  projectDir: string;
  registry: Registry;
  settings: Settings;
  /** DAG label. */
  dag: string;
  task?: string;
  fromTask?: string;
  /** A run folder to reuse (`--retry`): absolute, storage-root relative, or relative to `cwd`. */
  retry?: string;
  /** With `retry`: skip tasks that already succeeded there. */
  resume?: boolean;
  patches?: string[];
  /** --local-patch files: paths on this machine, relative to `cwd`. */
  localPatches?: string[];
  /** Where relative `retry` and `localPatches` paths start (the user's shell); default process.cwd(). */
  cwd?: string;
  skipEval?: boolean;
  evalOnly?: boolean;
  /** Tasks at once; default the settings' concurrency, else the CPU count. */
  concurrency?: number;
  /** Executor name; default the settings' executor. */
  executor?: string;
  /** Aborting it cancels the run: running tasks stop as `cancelled`, the run stays resumable. */
  signal?: AbortSignal;
  onEvent?(event: RunEvent): void;
  /** Warnings for the user (e.g. a missing patch file); default stderr. */
  onWarning?(message: string): void;
  /** The storage to use instead of the one the settings name (a caller that already has it). */
  storage?: Storage;
  /**
   * The run cache (issue 13), off when absent: with it, a task whose fingerprint matches a succeeded
   * attempt of an earlier run is reused, and succeeded tasks record their fingerprint. `code` says where
   * the project's modules are (the loaded project's index).
   */
  cache?: { code: CodeSources };
}

export interface RunOutcome {
  status: "succeeded" | "failed" | "cancelled";
  /** What the CLI exits with: 0, 1 (a task failed) or 130 (cancelled). */
  exitCode: RunExitCode;
  runId: string;
  /** Root-relative: `runs/YYYY/MM/DD/<runId>`. */
  runFolder: string;
  /** Absolute local folder of the run's `.gluepy/` records. */
  recordDir: string;
  state: RunState;
  /** The run folder's metrics.json at the end ({} when none): what Gluepy prints as its metrics block. */
  metrics: Metrics;
}

export async function runDag(opts: RunOptions): Promise<RunOutcome> {
  const plan = await planRun(opts);
  const context = await runStartTask({
    configsDir: opts.settings.configsDir,
    storage: plan.storage,
    meta: { runId: plan.runId, runFolder: plan.runFolder, createdAt: plan.started.toISOString() },
    retry: Boolean(opts.retry),
    patches: opts.patches ?? [],
    localPatches: opts.localPatches ?? [],
    cwd: plan.cwd,
    warn: opts.onWarning,
  });
  const record = await RunRecord.open(plan.recordDir);
  const recorder = new RunRecorder(record, opts.onEvent);
  const guarded = { record, emit: recorder.emit, startedMs: plan.started.getTime(), onEnded: () => (recorder.ended = true) };
  const release = guardRun(guarded);
  try {
    recorder.emit(runStartEvent(plan));
    const result = await executeTasks(opts, plan, context, recorder);
    return await finishRun(opts, plan, recorder, result);
  } catch (err) {
    // E.g. the executor could not start (Redis unreachable): the record says the run failed and why.
    endRun(guarded, "failed", `The run stopped: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  } finally {
    release();
  }
}

/** What a run is before it starts: its valid graph, storage and run folder. */
interface RunPlan extends ValidRun {
  storage: Storage;
  started: Date;
  cwd: string;
  runId: string;
  /** Root-relative: `runs/YYYY/MM/DD/<runId>`. */
  runFolder: string;
  /** Absolute local `.gluepy` dir of the run folder. */
  recordDir: string;
}

/** Validates before touching anything (UsageError, exit 2) and finds or creates the run folder. */
async function planRun(opts: RunOptions): Promise<RunPlan> {
  const valid = validateRun(opts);
  const storage = opts.storage ?? (await createStorage(opts.settings));
  const started = new Date();
  const cwd = opts.cwd ?? process.cwd();
  const runFolder = opts.retry ? runFolderArg("--retry", opts.retry, opts.settings.storageRoot, cwd) : runFolderFor(newRunId(started), started);
  // On local disk under the storage root whatever the backend (memory, S3): `gluepy runs`, the editor
  // and --resume read the records here.
  const recordDir = path.join(opts.settings.storageRoot, ...runFolder.split("/"), ".gluepy");
  if (opts.retry) {
    const previous = await readState(recordDir);
    if (!previous && !(await storage.exists(runFolder))) {
      throw new UsageError(`--retry '${opts.retry}': no run folder at ${runFolder}. \`gluepy runs\` lists the runs.`);
    }
    if (previous && previous.dag !== valid.graph.dag) {
      throw new UsageError(`--retry '${opts.retry}' is a run of DAG '${previous.dag}', not '${valid.graph.dag}'. Retry it with \`gluepy dag ${previous.dag}\`.`);
    }
  }
  return { ...valid, storage, started, cwd, runFolder, runId: path.posix.basename(runFolder), recordDir };
}

function runStartEvent(plan: RunPlan): RunEvent {
  const { graph } = plan;
  return {
    event: "run-start",
    ts: new Date().toISOString(),
    runId: plan.runId,
    runFolder: plan.runFolder,
    dag: graph.dag,
    tasks: graph.nodes.map((n): RunTaskInfo => ({ label: n.label, className: n.className, file: n.loc?.file ?? "", line: n.loc?.line ?? 0 })),
    edges: graph.edges,
  };
}

/** Where a run's events go: its record, then the caller; nothing after the run ended. */
class RunRecorder {
  /** Set once run-end is recorded: code of a task given up on (timeout, cancel) may still log or log metrics. */
  ended = false;
  /** Tasks recorded succeeded that a fault of their code failed afterwards. */
  failedLate = 0;

  constructor(
    readonly record: RunRecord,
    private readonly onEvent: ((event: RunEvent) => void) | undefined,
  ) {}

  readonly emit = (event: RunEvent): void => {
    if (this.ended) return;
    this.record.append(event);
    this.onEvent?.(event);
  };
}

/** Runs the selected tasks through the executor; resolves when none is running any more. */
async function executeTasks(opts: RunOptions, plan: RunPlan, context: Context, recorder: RunRecorder): Promise<ScheduleResult> {
  const { graph, taskClasses, runId, runFolder, storage, concurrency } = plan;
  // Attempts made in this folder before this run (a --retry continues the count); a new folder has none.
  const before = recorder.record.current;
  const succeeded = new Set<string>();
  if (opts.resume && before) for (const [label, t] of Object.entries(before.tasks)) if (t.status === "succeeded") succeeded.add(label);
  const selected = selectTasks(graph, { ...opts, succeeded });
  const emit = recorder.emit;
  const recordContextReads = opts.cache !== undefined;
  const local: LocalRun = {
    dag: opts.dag,
    taskClass: (label) => taskClasses.get(label)!,
    scopeFor: (task): RunScope => (recordContextReads ? { runId, runFolder, context, storage, task, emit, recordContextReads } : { runId, runFolder, context, storage, task, emit }),
  };
  const cache = opts.cache
    ? await RunCache.open({ code: opts.cache.code, storageRoot: opts.settings.storageRoot, storage, runFolder, context, taskClasses, edges: graph.edges, scopeFor: local.scopeFor, emit })
    : undefined;
  const signal = opts.signal ?? new AbortController().signal;
  let executor: Executor | undefined;
  try {
    // The effective concurrency, so an executor can get its workers ready before the first task (worker-pool).
    executor = await createExecutor(plan.executorName, { ...opts.settings, concurrency }, local);
    const dispatch: DispatchContext = {
      executor,
      signal,
      emit,
      run: { runId, runFolder, projectDir: opts.projectDir, dag: graph.dag, recordContextReads },
      // Only a retried folder has attempts before this run (a new run's folder is new): no look-up per task otherwise.
      attemptsSoFar: opts.retry && before ? (task) => before.tasks[task]?.attempts ?? 0 : () => 0,
      onFailedLate: () => recorder.failedLate++,
    };
    if (cache) dispatch.fingerprintOf = (task, outcome) => cache.fingerprintOf(task, outcome);
    return await schedule({
      // Declaration order: the graph is acyclic (validated), so the scheduler needs no sorted order.
      order: graph.nodes.map((n) => n.label),
      edges: graph.edges,
      selected,
      concurrency,
      signal,
      onSkipped: (task) => emit({ event: "task-end", ts: isoNow(), task, status: "skipped", attempt: 0, durationMs: 0 }),
      runTask: cache
        ? (task) => cache.runOrReuse(task, () => dispatchTask(dispatch, task, taskClasses.get(task)!))
        : (task) => dispatchTask(dispatch, task, taskClasses.get(task)!),
    });
  } finally {
    await executor?.close();
  }
}

/** Records the run's end and closes its record; the outcome the caller reports. */
async function finishRun(opts: RunOptions, plan: RunPlan, recorder: RunRecorder, result: ScheduleResult): Promise<RunOutcome> {
  const { storage, runFolder } = plan;
  // A rejection that a synchronous run() left unhandled is reported once this turn's microtasks have run:
  // a turn later, it has failed its task (dispatch.ts) before the run's status is decided.
  await new Promise((resolve) => setImmediate(resolve));
  // Metrics logged outside any task attempt's wait (e.g. by a task given up on) are on disk before run-end.
  await flushMetrics(storage, runFolder);
  const signal = opts.signal;
  const status = signal?.aborted && (result.cancelled > 0 || result.notStarted > 0) ? "cancelled" : result.failed + recorder.failedLate > 0 ? "failed" : "succeeded";
  recorder.emit({ event: "run-end", ts: new Date().toISOString(), status, durationMs: Date.now() - plan.started.getTime() });
  recorder.ended = true;
  await recorder.record.close();
  const metrics = await readMetrics(storage, runFolder).catch((err: Error) => {
    (opts.onWarning ?? warnOnStderr)(err.message);
    return {};
  });
  return { status, exitCode: runExitCode(status), runId: plan.runId, runFolder, recordDir: plan.recordDir, state: recorder.record.current!, metrics };
}

function warnOnStderr(message: string): void {
  process.stderr.write(`${message}\n`);
}
