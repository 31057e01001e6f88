// Pure text for human output: durations, task statuses, and one line per run event.

import { formatDuration } from "../../../../shared/duration";
import type { RunEvent, TaskError, TaskStatus } from "../../../../shared/events";
import type { Palette } from "./palette";

const MARKS: Record<TaskStatus, string> = {
  pending: "·",
  running: "▶",
  succeeded: "✓",
  failed: "✗",
  skipped: "-",
  cancelled: "⊘",
};

export function statusMark(status: TaskStatus, p: Palette): string {
  const mark = MARKS[status];
  switch (status) {
    case "succeeded":
      return p.green(mark);
    case "failed":
      return p.red(mark);
    case "running":
      return p.cyan(mark);
    case "cancelled":
      return p.yellow(mark);
    default:
      return p.dim(mark);
  }
}

/** "src/tasks.ts:12:5" for an error whose position is known. */
export function errorWhere(error: TaskError, projectDir: string): string | undefined {
  if (!error.file) return undefined;
  const file = error.file.startsWith(projectDir + "/") ? error.file.slice(projectDir.length + 1) : error.file;
  return `${file}${error.line ? `:${error.line}` : ""}${error.column ? `:${error.column}` : ""}`;
}

/** The plain line(s) for one event; undefined for events that print nothing. */
export function describeEvent(e: RunEvent, p: Palette, projectDir: string): string | undefined {
  switch (e.event) {
    case "run-start":
      return `${p.bold(`Running DAG '${e.dag}'`)}: ${e.tasks.length} task${e.tasks.length === 1 ? "" : "s"}, run folder ${e.runFolder}`;
    case "task-start":
      return `${statusMark("running", p)} ${e.task} started${e.attempt > 1 ? ` (attempt ${e.attempt})` : ""}`;
    case "task-log":
      return `${p.dim(`${e.task} |`)} ${e.text.replace(/\n$/, "")}`;
    case "task-end": {
      const head = `${statusMark(e.status, p)} ${e.task} ${e.status}`;
      if (e.status === "skipped") return head;
      // The run cache reused it (issue 13): it did not run, its outputs came from that run.
      if (e.cached) return `${head}: reused from run ${e.cached.runId}`;
      const line = `${head} in ${formatDuration(e.durationMs)}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ""}`;
      if (!e.error) return line;
      const where = errorWhere(e.error, projectDir);
      return `${line}: ${p.red(e.error.message)}${where ? `\n    at ${where}` : ""}`;
    }
    case "metric":
      return `${p.dim("metric")} ${e.task}.${e.key} = ${e.value}`;
    case "run-end": {
      const text = `Run ${e.status} in ${formatDuration(e.durationMs)}`;
      return e.status === "succeeded" ? p.green(text) : e.status === "failed" ? p.red(text) : p.yellow(text);
    }
  }
}
