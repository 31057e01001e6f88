// The Experiments table's columns: the run's own facts (status, DAG and run, start, duration), then every
// metric any run recorded, then the params whose value is not the same in every run (the ones that tell
// runs apart). Pure: what a cell holds, to sort by and to show.

import { formatDuration } from "../../../shared/duration";
import type { ExperimentRun } from "../../../shared/experiments-protocol";
import type { ParamValue } from "../../../shared/run-summary";

export type Column =
  | { id: "status"; kind: "status"; title: string }
  | { id: "run"; kind: "run"; title: string }
  | { id: "start"; kind: "start"; title: string }
  | { id: "duration"; kind: "duration"; title: string }
  | { id: string; kind: "metric" | "param"; title: string; key: string };

/** A cell's value to sort by: numbers compare as numbers; undefined (no value) sorts last either way. */
export type SortValue = number | string | undefined;

const FIXED: Column[] = [
  { id: "status", kind: "status", title: "Status" },
  { id: "run", kind: "run", title: "Run" },
  { id: "start", kind: "start", title: "Start" },
  { id: "duration", kind: "duration", title: "Duration" },
];

export function columnsOf(runs: readonly ExperimentRun[]): Column[] {
  const metrics = new Set<string>();
  for (const { run } of runs) for (const key of Object.keys(run.metrics)) metrics.add(key);
  return [
    ...FIXED,
    ...[...metrics].sort().map((key): Column => ({ id: `metric:${key}`, kind: "metric", title: key, key })),
    ...differingParams(runs.map((r) => r.run.params)).map((key): Column => ({ id: `param:${key}`, kind: "param", title: key, key })),
  ];
}

/** The param keys whose value is not the same in every one of `params` (absent counts as a value), sorted. */
export function differingParams(params: readonly Record<string, ParamValue>[]): string[] {
  const keys = new Set<string>();
  for (const p of params) for (const key of Object.keys(p)) keys.add(key);
  return [...keys].filter((key) => new Set(params.map((p) => paramText(p[key]))).size > 1).sort();
}

/** A param as the table shows it: lists and maps as JSON, absent as an empty string. */
export function paramText(value: ParamValue | undefined): string {
  if (value === undefined) return "";
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

export function sortValue(row: ExperimentRun, column: Column): SortValue {
  const { run } = row;
  switch (column.kind) {
    case "status":
      return run.status;
    case "run":
      return `${run.dag ?? ""} ${run.runId}`;
    case "start":
      return run.startedAt ?? run.runId;
    case "duration":
      return run.durationMs;
    case "metric":
      return run.metrics[column.key];
    case "param": {
      const value = run.params[column.key];
      return typeof value === "number" ? value : value === undefined ? undefined : paramText(value);
    }
  }
}

export function cellText(row: ExperimentRun, column: Column): string {
  const { run } = row;
  switch (column.kind) {
    case "status":
      return run.status;
    case "run":
      return `${run.dag ?? "?"} · ${run.runId}`;
    case "start":
      return run.startedAt ? shortTime(run.startedAt) : "";
    case "duration":
      return run.durationMs !== undefined ? formatDuration(run.durationMs) : "";
    case "metric": {
      const value = run.metrics[column.key];
      return value === undefined ? "" : formatNumber(value);
    }
    case "param":
      return paramText(run.params[column.key]);
  }
}

/** Six significant digits at most, so 0.1 + 0.2 shows as 0.3 and a count stays whole. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** `2026-01-01 12:00:05` in UTC: the same for every reader of a shared screenshot, and sortable by eye. */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 19).replace("T", " ");
}
