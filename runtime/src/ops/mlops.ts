// Gluepy's mlops metrics: `logMetric` records a number for the run in `metrics.json` (Gluepy's flat
// { key: value } shape) and publishes a `metric` event. Each task keeps its own metrics file under
// `.gluepy/metrics/`, and metrics.json is rebuilt from them, so tasks logging at the same time lose
// nothing, even from different processes (worker pool, BullMQ workers) that share one storage.

import { posix } from "node:path";
import { METRICS_FILE } from "../../../shared/run-folder-layout";
import type { RunScope } from "../exec/scope";
import type { Storage } from "../files/storages/base";


export type Metrics = Record<string, number>;

/** One task's metrics: when each was logged decides which wins when two tasks log the same key. */
type TaskMetrics = Record<string, { value: number; at: string }>;

const queues = new WeakMap<Storage, Map<string, Promise<void>>>();

export function metricsPath(runFolder: string): string {
  return posix.join(runFolder, METRICS_FILE);
}

function taskMetricsDir(runFolder: string): string {
  return posix.join(runFolder, ".gluepy", "metrics");
}

export async function logMetric(scope: RunScope, key: string, value: number): Promise<void> {
  if (typeof key !== "string" || key.trim() === "") throw new TypeError(`mlops.logMetric needs a metric name, got ${JSON.stringify(key)}.`);
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`mlops.logMetric('${key}', ...) needs a finite number, got ${String(value)}.`);
  }
  const at = new Date().toISOString();
  scope.emit({ event: "metric", ts: at, task: scope.task ?? "", key, value });
  const { storage, runFolder } = scope;
  await enqueue(storage, metricsPath(runFolder), async () => {
    const file = posix.join(taskMetricsDir(runFolder), `${encodeURIComponent(scope.task || "run")}.json`);
    const mine = (await storage.exists(file)) ? (parseJson(storage, file, (await storage.open(file)).toString("utf8")) as TaskMetrics) : {};
    mine[key] = { value, at };
    await storage.touch(file, JSON.stringify(mine));
    await rebuildMetrics(storage, runFolder);
  });
}

/** Waits for every metric write of the run folder queued so far (call before a run ends). */
export async function flushMetrics(storage: Storage, runFolder: string): Promise<void> {
  await pendingMetricWrites(storage, runFolder);
}

/** The metric writes of the run folder still in flight (never rejects), or undefined when there are none. */
export function pendingMetricWrites(storage: Storage, runFolder: string): Promise<void> | undefined {
  return queues.get(storage)?.get(metricsPath(runFolder));
}

/**
 * Writes metrics.json from every task's metrics file, then reads them again: when another process
 * wrote a task file meanwhile, the merge is redone, so the last writer always leaves them all.
 */
async function rebuildMetrics(storage: Storage, runFolder: string): Promise<void> {
  let merged = await mergeTaskMetrics(storage, runFolder);
  for (;;) {
    await storage.touch(metricsPath(runFolder), `${JSON.stringify(merged, null, 2)}\n`);
    const again = await mergeTaskMetrics(storage, runFolder);
    if (JSON.stringify(again) === JSON.stringify(merged)) return;
    merged = again;
  }
}

async function mergeTaskMetrics(storage: Storage, runFolder: string): Promise<Metrics> {
  const dir = taskMetricsDir(runFolder);
  const { files } = await storage.ls(dir);
  const entries: { key: string; value: number; at: string }[] = [];
  for (const name of files.filter((f) => f.endsWith(".json"))) {
    const file = posix.join(dir, name);
    const metrics = parseJson(storage, file, (await storage.open(file)).toString("utf8")) as TaskMetrics;
    for (const [key, { value, at }] of Object.entries(metrics)) entries.push({ key, value, at });
  }
  // In the order they were logged; a key logged twice keeps its latest value.
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const merged: Metrics = {};
  for (const { key, value } of entries) {
    delete merged[key];
    merged[key] = value;
  }
  return merged;
}

/** The run's metrics, {} when it logged none. */
export async function readMetrics(storage: Storage, runFolder: string): Promise<Metrics> {
  return readMetricsFile(storage, metricsPath(runFolder));
}

/** Gluepy's metrics block, printed after the eval tasks ("" when there are no metrics). */
export function metricsBlock(metrics: Metrics): string {
  const keys = Object.keys(metrics);
  if (keys.length === 0) return "";
  return ["=== GLUEPY METRICS ===", ...keys.map((k) => `metric:${k}=${metrics[k]}`), "=== END METRICS ==="].join("\n") + "\n";
}

async function readMetricsFile(storage: Storage, file: string): Promise<Metrics> {
  if (!(await storage.exists(file))) return {};
  const parsed = parseJson(storage, file, (await storage.open(file)).toString("utf8"));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${storage.abspath(file)} must hold an object of metric names to numbers.`);
  }
  return parsed as Metrics;
}

function parseJson(storage: Storage, file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${storage.abspath(file)} is not valid JSON (${(err as Error).message}); fix or remove it.`);
  }
}

/** Runs `write` after every write queued before it for the same file of the same storage. */
function enqueue(storage: Storage, file: string, write: () => Promise<void>): Promise<void> {
  let byFile = queues.get(storage);
  if (!byFile) queues.set(storage, (byFile = new Map()));
  const previous = byFile.get(file) ?? Promise.resolve();
  // A failed write must not block the writes queued after it; it still rejects for its own caller.
  const next = previous.catch(() => undefined).then(write);
  const settled = next.catch(() => undefined);
  byFile.set(file, settled);
  void settled.then(() => {
    if (byFile.get(file) === settled) byFile.delete(file);
  });
  return next;
}
