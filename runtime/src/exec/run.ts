// `runDag`: the one way a DAG runs, for the CLI, the editor and workers. Validates before touching
// anything (unknown DAG or task, invalid graph → UsageError, exit 2), creates or reuses the run folder,
// runs the start task (context), then the tasks through an executor, recording every event in
// `.gluepy/events.jsonl` and `.gluepy/state.json`.

import os from "node:os";
import path from "node:path";
import { hasErrors } from "../../../shared/dag";
import type { RunEvent, RunTaskInfo, TaskError } from "../../../shared/events";
import type { RunState } from "../../../shared/run-state";
import { didYouMean } from "../../../shared/suggest";
import type { Settings } from "../conf/settings";
import type { Storage } from "../files/storages/base";
import { createStorage } from "../files/storages/index";
import { InvalidDagError, UsageError } from "./errors";
import { toTaskError } from "./error-position";
import type { Executor, LocalRun, TaskJob, TaskOutcome } from "./executors/base";
import { createExecutor, EXECUTOR_NAMES } from "./executors/index";
import { resolveDag } from "./graph";
import type { Registry } from "./registry";
import { newRunId, retryFolder, runFolderFor } from "./run-folder";
import { RunRecord, readState } from "./run-record";
import type { RunScope } from "./scope";
import { schedule, type FinishedStatus } from "./scheduler";
import { checkSelection, selectTasks } from "./selection";
import { runStartTask } from "./start-task";

export interface RunOptions {
  projectDir: string;
  registry: Registry;
  settings: Settings;
  /** DAG label. */
  dag: string;
  task?: string;
  fromTask?: string;
  /** A run folder to reuse (`--retry`): absolute, storage-root relative, or relative to the project. */
  retry?: string;
  /** With `retry`: skip tasks that already succeeded there. */
  resume?: boolean;
  patches?: string[];
  localPatches?: string[];
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
}

export interface RunOutcome {
  status: "succeeded" | "failed" | "cancelled";
  /** What the CLI exits with: 0, 1 (a task failed) or 130 (cancelled). */
  exitCode: 0 | 1 | 130;
  runId: string;
  /** Root-relative: `runs/YYYY/MM/DD/<runId>`. */
  runFolder: string;
  /** Absolute local folder of the run's `.gluepy/` records. */
  recordDir: string;
  state: RunState;
}

export async function runDag(opts: RunOptions): Promise<RunOutcome> {
  const dagClass = opts.registry.dags.get(opts.dag);
  if (!dagClass) {
    const labels = [...opts.registry.dags.keys()];
    throw new UsageError(`No DAG '${opts.dag}'.${didYouMean(opts.dag, labels)}${labels.length ? ` DAGs: ${labels.join(", ")}.` : " The project defines no DAG."}`);
  }
  const { graph, taskClasses } = resolveDag(dagClass);
  if (hasErrors(graph)) throw new InvalidDagError(graph.dag, graph.problems.filter((p) => p.severity === "error"));
  checkSelection(graph, opts);
  if (opts.resume && !opts.retry) throw new UsageError("--resume needs --retry <run folder>: it resumes that run.");
  const executorName = opts.executor ?? opts.settings.executor;
  if (!EXECUTOR_NAMES.includes(executorName)) {
    throw new UsageError(`Unknown executor '${executorName}'.${didYouMean(executorName, EXECUTOR_NAMES)} Executors: ${EXECUTOR_NAMES.join(", ")}.`);
  }
  const concurrency = opts.concurrency ?? opts.settings.concurrency ?? os.availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number of at least 1, not ${concurrency}.`);

  const storage = opts.storage ?? (await createStorage(opts.settings));
  const started = new Date();
  const runFolder = opts.retry ? retryFolder(opts.retry, opts.settings.storageRoot, opts.projectDir) : runFolderFor(newRunId(started), started);
  const runId = path.posix.basename(runFolder);
  const recordDir = path.join(opts.settings.storageRoot, ...runFolder.split("/"), ".gluepy");
  if (opts.retry && !(await readState(recordDir)) && !(await storage.exists(runFolder))) {
    throw new UsageError(`--retry '${opts.retry}': no run folder at ${runFolder}. \`gluepy runs\` lists the runs.`);
  }

  const context = await runStartTask({
    configsDir: opts.settings.configsDir,
    storage,
    meta: { runId, runFolder, createdAt: started.toISOString() },
    retry: Boolean(opts.retry),
    patches: opts.patches ?? [],
    localPatches: opts.localPatches ?? [],
    cwd: opts.projectDir,
    warn: opts.onWarning,
  });

  const record = await RunRecord.open(recordDir);
  const previous = record.current;
  const succeeded = new Set<string>();
  if (opts.resume && previous) for (const [label, t] of Object.entries(previous.tasks)) if (t.status === "succeeded") succeeded.add(label);
  const selected = selectTasks(graph, { ...opts, succeeded });
  // Declaration order: the graph is acyclic (validated), so the scheduler needs no sorted order.
  const order = graph.nodes.map((n) => n.label);

  const emit = (event: RunEvent) => {
    record.append(event);
    opts.onEvent?.(event);
  };
  const ts = () => new Date().toISOString();
  emit({
    event: "run-start",
    ts: ts(),
    runId,
    runFolder,
    dag: graph.dag,
    tasks: graph.nodes.map((n): RunTaskInfo => ({ label: n.label, className: n.className, file: n.loc?.file ?? "", line: n.loc?.line ?? 0 })),
    edges: graph.edges,
  });

  const local: LocalRun = {
    taskClass: (label) => taskClasses.get(label)!,
    scopeFor: (task): RunScope => ({ runId, runFolder, context, storage, task, emit }),
  };
  let executor: Executor | undefined;
  let result;
  try {
    executor = await createExecutor(executorName, opts.settings, local);
    const exec = executor;
    const signal = opts.signal ?? new AbortController().signal;
    result = await schedule({
      order,
      edges: graph.edges,
      selected,
      concurrency,
      signal,
      onSkipped: (task) => emit({ event: "task-end", ts: ts(), task, status: "skipped", attempt: 0, durationMs: 0 }),
      runTask: async (task): Promise<FinishedStatus> => {
        const cls = taskClasses.get(task)!;
        const job: TaskJob = {
          runId,
          runFolder,
          projectDir: opts.projectDir,
          dag: graph.dag,
          task,
          attempt: (record.current?.tasks[task]?.attempts ?? 0) + 1,
          retries: cls.retries ?? 0,
          retryDelayMs: cls.retryDelayMs,
          timeoutMs: cls.timeoutMs,
        };
        let lastAttempt = job.attempt;
        const outcome = await exec
          .execute(job, {
            signal,
            onAttemptStart: (attempt) => {
              lastAttempt = attempt;
              emit({ event: "task-start", ts: ts(), task, attempt });
            },
            onAttemptEnd: (attempt, attemptResult, willRetry) => {
              if (willRetry) emit({ event: "task-log", ts: ts(), task, stream: "stderr", text: retryNote(attempt, job, attemptResult.error) });
            },
            onLog: (stream, text) => emit({ event: "task-log", ts: ts(), task, stream, text }),
          })
          // An executor that breaks (a lost worker, a dropped connection) fails this task, not the run.
          .catch((err: unknown): TaskOutcome => ({
            status: "failed",
            attempt: lastAttempt,
            durationMs: 0,
            error: toTaskError(new Error(`Executor '${exec.name}' could not run task '${task}': ${(err as Error)?.message ?? String(err)}`), opts.projectDir),
          }));
        emit({
          event: "task-end",
          ts: ts(),
          task,
          status: outcome.status,
          attempt: outcome.attempt,
          durationMs: outcome.durationMs,
          ...(outcome.error ? { error: outcome.error } : {}),
        });
        return outcome.status;
      },
    });
  } catch (err) {
    await record.close();
    throw err;
  } finally {
    await executor?.close();
  }

  const status = opts.signal?.aborted && (result.cancelled > 0 || result.notStarted > 0) ? "cancelled" : result.failed > 0 ? "failed" : "succeeded";
  emit({ event: "run-end", ts: ts(), status, durationMs: Date.now() - started.getTime() });
  await record.close();
  return { status, exitCode: status === "succeeded" ? 0 : status === "failed" ? 1 : 130, runId, runFolder, recordDir, state: record.current! };
}

function retryNote(attempt: number, job: TaskJob, error: TaskError | undefined): string {
  const last = job.attempt + job.retries;
  const wait = job.retryDelayMs ? ` in ${job.retryDelayMs} ms` : "";
  return `Attempt ${attempt} of ${last} failed${error ? `: ${error.message}` : ""}; retrying${wait}.`;
}
