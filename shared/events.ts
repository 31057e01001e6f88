// The run event stream (DESIGN §3): what `gluepy dag --json` prints, what `events.jsonl` holds,
// what the extension and the graph view follow.

import type { Edge } from "./dag-model";
import type { CachedFrom, TaskFingerprint } from "./run-cache";

export type TaskStatus = "pending" | "running" | "succeeded" | "failed" | "skipped" | "cancelled";
export type TaskEndStatus = "succeeded" | "failed" | "skipped" | "cancelled";
export type RunStatus = "running" | "succeeded" | "failed" | "cancelled";

export interface RunTaskInfo {
  label: string;
  className: string;
  file: string;
  line: number;
}

export interface TaskError {
  message: string;
  stack: string;
  /** Source positions in the user's files (1-based line and column), not bundle positions. */
  file?: string;
  line?: number;
  column?: number;
}

interface EventBase {
  /** ISO time. */
  ts: string;
}

export interface RunStartEvent extends EventBase {
  event: "run-start";
  runId: string;
  runFolder: string;
  dag: string;
  tasks: RunTaskInfo[];
  edges: Edge[];
}

export interface TaskStartEvent extends EventBase {
  event: "task-start";
  task: string;
  attempt: number;
}

export interface TaskLogEvent extends EventBase {
  event: "task-log";
  task: string;
  stream: "stdout" | "stderr";
  text: string;
}

/**
 * A file a task attempt wrote or read through `storage`/`dataManager`. `path` is run-folder relative, or
 * storage-root relative when `root` is true (a file outside the run folder, as `dataManager`'s `{ root: true }`).
 */
export interface TaskFile {
  path: string;
  root?: true;
  bytes: number;
  /** Hex SHA-256 of the content, computed while it was written or read. */
  sha256: string;
}

export interface TaskEndEvent extends EventBase {
  event: "task-end";
  task: string;
  status: TaskEndStatus;
  attempt: number;
  durationMs: number;
  error?: TaskError;
  /** The files this attempt wrote (last write of each path), in the order first written; absent when none. */
  outputs?: TaskFile[];
  /** The files this attempt read, in the order first read; absent when none. */
  inputs?: TaskFile[];
  /** With the run cache on (issue 13): what the succeeded attempt depended on, for a later run to compare. */
  fingerprint?: TaskFingerprint;
  /** The task was not run: its outputs came from this earlier run (the run cache). */
  cached?: CachedFrom;
}

export interface MetricEvent extends EventBase {
  event: "metric";
  task: string;
  key: string;
  value: number;
}

export interface RunEndEvent extends EventBase {
  event: "run-end";
  status: Exclude<RunStatus, "running">;
  durationMs: number;
}

export type RunEvent = RunStartEvent | TaskStartEvent | TaskLogEvent | TaskEndEvent | MetricEvent | RunEndEvent;
export type RunEventName = RunEvent["event"];

export const RUN_EVENT_NAMES: readonly RunEventName[] = ["run-start", "task-start", "task-log", "task-end", "metric", "run-end"];

/** Parses one line of `--json` output or `events.jsonl`; undefined for anything that is not an event. */
export function parseRunEvent(line: string): RunEvent | undefined {
  const text = line.trim();
  if (!text.startsWith("{")) return undefined;
  try {
    const value = JSON.parse(text) as { event?: unknown; ts?: unknown };
    if (typeof value.ts !== "string" || !RUN_EVENT_NAMES.includes(value.event as RunEventName)) return undefined;
    return value as RunEvent;
  } catch {
    return undefined;
  }
}

/**
 * One event as a line of `events.jsonl` (and of `--json` output): the JSON of the event and "\n". The two
 * events every task has, `task-start` and `task-end`, are written field by field, in the order the
 * interfaces above declare them: a 10,000-task run writes 20,000 of them, and JSON.stringify of a small
 * object costs several times this. Fields left undefined are left out, as JSON.stringify leaves them.
 */
export function runEventLine(event: RunEvent): string {
  if (event.event === "task-start") {
    return `{"event":"task-start","ts":${timestamps.of(event.ts)},"task":${labels.of(event.task)},"attempt":${jsonNumber(event.attempt)}}\n`;
  }
  if (event.event !== "task-end") return JSON.stringify(event) + "\n";
  let line = `{"event":"task-end","ts":${timestamps.of(event.ts)},"task":${labels.of(event.task)},"status":${JSON.stringify(event.status)},"attempt":${jsonNumber(event.attempt)},"durationMs":${jsonNumber(event.durationMs)}`;
  if (event.error !== undefined) line += `,"error":${JSON.stringify(event.error)}`;
  if (event.outputs !== undefined) line += `,"outputs":${JSON.stringify(event.outputs)}`;
  if (event.inputs !== undefined) line += `,"inputs":${JSON.stringify(event.inputs)}`;
  if (event.fingerprint !== undefined) line += `,"fingerprint":${JSON.stringify(event.fingerprint)}`;
  if (event.cached !== undefined) line += `,"cached":${JSON.stringify(event.cached)}`;
  return line + "}\n";
}

/**
 * A string as JSON, quoted again only when it differs from the last one: the events of one millisecond
 * share their `ts` (exec/clock.ts), and a task's start and end lines usually follow each other.
 */
class LastQuoted {
  private last = "";
  private json = '""';

  of(text: string): string {
    if (text !== this.last) {
      this.last = text;
      this.json = JSON.stringify(text);
    }
    return this.json;
  }
}

const timestamps = new LastQuoted();
const labels = new LastQuoted();

/** A number as JSON writes it: NaN and the infinities are null. */
function jsonNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : "null";
}
