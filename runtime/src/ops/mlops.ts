// Gluepy's mlops metrics: `logMetric` records a number for the run in `metrics.json` (Gluepy's flat
// { key: value } shape) and publishes a `metric` event. Writes to one run's file are queued so tasks
// logging at the same time cannot overwrite each other's metrics.

import { posix } from "node:path";
import type { RunScope } from "../exec/scope";
import type { Storage } from "../files/storages/base";

export const METRICS_FILE = "metrics.json";

export type Metrics = Record<string, number>;

const queues = new WeakMap<Storage, Map<string, Promise<void>>>();

export function metricsPath(runFolder: string): string {
  return posix.join(runFolder, METRICS_FILE);
}

export async function logMetric(scope: RunScope, key: string, value: number): Promise<void> {
  if (typeof key !== "string" || key.trim() === "") throw new TypeError(`mlops.logMetric needs a metric name, got ${JSON.stringify(key)}.`);
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`mlops.logMetric('${key}', ...) needs a finite number, got ${String(value)}.`);
  }
  scope.emit({ event: "metric", ts: new Date().toISOString(), task: scope.task ?? "", key, value });
  await enqueue(scope.storage, metricsPath(scope.runFolder), async (file) => {
    const metrics = await readMetricsFile(scope.storage, file);
    metrics[key] = value;
    await scope.storage.touch(file, `${JSON.stringify(metrics, null, 2)}\n`);
  });
}

/** Waits for every metric write of the run folder queued so far (call before a run ends). */
export async function flushMetrics(storage: Storage, runFolder: string): Promise<void> {
  await queues.get(storage)?.get(metricsPath(runFolder));
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
  const text = (await storage.open(file)).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${storage.abspath(file)} is not valid JSON (${(err as Error).message}); fix or remove it.`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${storage.abspath(file)} must hold an object of metric names to numbers.`);
  }
  return parsed as Metrics;
}

function enqueue(storage: Storage, file: string, write: (file: string) => Promise<void>): Promise<void> {
  let byFile = queues.get(storage);
  if (!byFile) queues.set(storage, (byFile = new Map()));
  const previous = byFile.get(file) ?? Promise.resolve();
  // A failed write must not block the writes queued after it; it still rejects for its own caller.
  const next = previous.catch(() => undefined).then(() => write(file));
  const settled = next.catch(() => undefined);
  byFile.set(file, settled);
  void settled.then(() => {
    if (byFile.get(file) === settled) byFile.delete(file);
  });
  return next;
}
