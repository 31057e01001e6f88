// One past run as `gluepy runs --json` gives it (docs/cli.md), made from what its run folder records,
// and the look-ups the editor makes in a list of them. Pure: the runtime reads the files, the extension
// and the language server get the list from the CLI.

import type { RunStatus, TaskStatus } from "./events";
import type { RunState } from "./run-state";

export type ParamValue = string | number | boolean | null | ParamValue[] | { [key: string]: ParamValue };

export interface RunSummary {
  runId: string;
  /** Storage-root relative, as `--retry` takes it: `runs/YYYY/MM/DD/<runId>`. */
  runFolder: string;
  /** Absent when the folder has no readable record (a run that died before it started). */
  dag?: string;
  status: RunStatus | "unknown";
  startedAt?: string;
  endedAt?: string;
  /** The run's own time: every invocation in its folder (the first run, then each retry) summed. */
  durationMs?: number;
  /** Each task's status in this run, in the DAG's order. */
  tasks: Record<string, TaskStatus>;
  /** metrics.json: `{ key: value }`. */
  metrics: Record<string, number>;
  /** The run's context (context.yaml) flattened to `a.b.c` keys, without the run's own meta (`gluepy.*`). */
  params: Record<string, ParamValue>;
  /** Some task recorded its fingerprint (the run was made with the run cache on): the editor's outdated marks compare with it. */
  fingerprinted?: true;
  /** The tasks the run cache reused in this run (not run: their outputs came from another run), `{label: runId}`; absent when none. */
  reused?: Record<string, string>;
}

/** What `gluepy runs --json` prints. */
export interface RunListing {
  /** Absolute local storage root: a run's `.gluepy/` records are under it, whatever the backend. */
  storageRoot: string;
  backend: string;
  /** Newest first. */
  runs: RunSummary[];
}

/** Context keys every run has on its own (DESIGN §2): not parameters a user chose. */
const RUN_META = new Set(["gluepy.runId", "gluepy.runFolder", "gluepy.createdAt"]);

export function summarizeRun(
  runFolder: string,
  state: RunState | undefined,
  metrics: Record<string, number> = {},
  context: unknown = {},
): RunSummary {
  const runId = runFolder.slice(runFolder.lastIndexOf("/") + 1);
  const params = flattenParams(context);
  if (!state) return { runId, runFolder, status: "unknown", tasks: {}, metrics, params };
  const tasks: Record<string, TaskStatus> = {};
  for (const label of state.order?.length ? state.order : Object.keys(state.tasks ?? {})) {
    const task = state.tasks?.[label];
    if (task) tasks[label] = task.status;
  }
  return {
    runId,
    runFolder,
    dag: state.dag,
    status: state.status,
    startedAt: state.startedAt,
    ...(state.endedAt ? { endedAt: state.endedAt } : {}),
    ...(state.durationMs !== undefined ? { durationMs: state.durationMs } : {}),
    tasks,
    metrics,
    params,
    ...(Object.values(state.tasks ?? {}).some((t) => t.fingerprint) ? { fingerprinted: true as const } : {}),
    ...reusedTasks(state),
  };
}

function reusedTasks(state: RunState): { reused?: Record<string, string> } {
  const reused = Object.entries(state.tasks ?? {}).flatMap(([label, t]) => (t.cached ? [[label, t.cached.runId] as const] : []));
  return reused.length > 0 ? { reused: Object.fromEntries(reused) } : {};
}

/**
 * `{ a: { b: 1 }, c: [1, 2] }` → `{ "a.b": 1, c: [1, 2] }`: maps are walked, everything else (lists
 * included) is a value. The run meta keys (`gluepy.runId`, …) are left out: every run differs in them.
 */
export function flattenParams(context: unknown): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  const walk = (value: unknown, prefix: string) => {
    if (isPlainObject(value) && (prefix === "" || Object.keys(value).length > 0)) {
      for (const [key, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${key}` : key);
    } else if (prefix && !RUN_META.has(prefix)) {
      out[prefix] = toParamValue(value);
    }
  };
  walk(context, "");
  return out;
}

function toParamValue(value: unknown): ParamValue {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toParamValue);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toParamValue(v)]));
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null ? value : String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Newest first: by start time, then by run id (which sorts by start time too), for runs with no record. */
export function newestFirst(a: RunSummary, b: RunSummary): number {
  const ka = a.startedAt ?? "";
  const kb = b.startedAt ?? "";
  if (ka !== kb) return ka < kb ? 1 : -1;
  return a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0;
}

export function runsOfDag(runs: readonly RunSummary[], dag: string): RunSummary[] {
  return runs.filter((r) => r.dag === dag);
}

/**
 * The run "Retry Failed Tasks" retries: the DAG's newest run, when it did not succeed (a run killed
 * outright still says "running": retrying it is how it gets finished).
 */
export function runToRetry(runs: readonly RunSummary[], dag: string): RunSummary | undefined {
  const newest = runs.find((r) => r.dag === dag);
  return newest && newest.status !== "succeeded" ? newest : undefined;
}

/** Per DAG, its newest run that recorded fingerprints, from a newest-first list: what the outdated marks compare with. */
export function newestFingerprintedRuns(runs: readonly RunSummary[]): RunSummary[] {
  const byDag = new Map<string, RunSummary>();
  for (const run of runs) if (run.fingerprinted && run.dag !== undefined && !byDag.has(run.dag)) byDag.set(run.dag, run);
  return [...byDag.values()];
}

export interface LastRun {
  runId: string;
  dag: string;
  status: RunSummary["status"];
  /** The task's own status in that run, when asked about a task. */
  taskStatus?: TaskStatus;
}

/** The newest run of a DAG, or the newest run that has the task, from a newest-first list. */
export function lastRun(runs: readonly RunSummary[], match: { dag?: string; task?: string }): LastRun | undefined {
  for (const run of runs) {
    if (run.dag === undefined) continue;
    if (match.dag !== undefined && run.dag !== match.dag) continue;
    const taskStatus = match.task !== undefined ? run.tasks[match.task] : undefined;
    if (match.task !== undefined && taskStatus === undefined) continue;
    return { runId: run.runId, dag: run.dag, status: run.status, ...(taskStatus ? { taskStatus } : {}) };
  }
  return undefined;
}
