// `gluepy dag <label> --compare <folder>...`: the metrics of several runs side by side, a row per
// metric and a column per run (Gluepy prints the transpose and needs the flag repeated; DESIGN §4b).

import { posix } from "node:path";
import type { Storage } from "../files/storages/base";
import { type Metrics, readMetrics } from "./mlops";

export interface RunComparison {
  /** The run folders, as given (trailing slashes removed). */
  runs: string[];
  /** Every metric name any of the runs logged, sorted. */
  metrics: string[];
  /** values[metric][run]; undefined where that run has no such metric. */
  values: (number | undefined)[][];
  /** Runs that have no metrics.json. */
  withoutMetrics: string[];
}

export async function compareRuns(storage: Storage, folders: readonly string[]): Promise<RunComparison> {
  const runs = folders.map((f) => f.replace(/[\\/]+$/, ""));
  const byRun: Metrics[] = await Promise.all(runs.map((run) => readMetrics(storage, run)));
  const metrics = [...new Set(byRun.flatMap((m) => Object.keys(m)))].sort();
  return {
    runs,
    metrics,
    values: metrics.map((key) => byRun.map((m) => m[key])),
    withoutMetrics: runs.filter((_, i) => Object.keys(byRun[i]).length === 0),
  };
}

/** A plain-text table for the terminal; "-" marks a metric a run did not log. */
export function renderComparison(comparison: RunComparison): string {
  if (comparison.metrics.length === 0) return "No metrics found in any of the given run folders.\n";
  const headers = ["metric", ...columnNames(comparison.runs)];
  const rows = comparison.metrics.map((key, i) => [key, ...comparison.values[i].map((v) => (v === undefined ? "-" : String(v)))]);
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd();
  const out = [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  for (const run of comparison.withoutMetrics) out.push(`(no metrics.json in ${run})`);
  return out.join("\n") + "\n";
}

/** Run ids when they tell the runs apart, else the whole folders. */
function columnNames(runs: string[]): string[] {
  const ids = runs.map((r) => posix.basename(r.replace(/\\/g, "/")));
  return new Set(ids).size === ids.length ? ids : runs;
}
