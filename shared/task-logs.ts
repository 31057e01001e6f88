// The log lines of each task in one run (its task-log events), as the graph's details pane shows them:
// the last LOG_LINES_KEPT lines of each task and how many it wrote, so a chatty task costs the page a
// bounded amount; the whole log is read from the run's events when the user asks for it.

import type { RunEvent, TaskLogEvent } from "./events";

/** Lines kept per task (the pane shows the last few; "show all" reads the run's record). */
export const LOG_LINES_KEPT = 200;

export interface TaskLogLine {
  stream: "stdout" | "stderr";
  text: string;
}

export interface TaskLog {
  /** The last lines written, oldest first, at most LOG_LINES_KEPT. */
  lines: TaskLogLine[];
  /** Every line the task wrote in the run (its retries too). */
  total: number;
}

/** Task label → its log in one run. */
export type RunLogs = Record<string, TaskLog>;

/** The lines of one task-log event: a console call with a multi-line text writes several. */
export function logEventLines(event: TaskLogEvent): string[] {
  return event.text.replace(/\r?\n$/, "").split(/\r?\n/);
}

/** Adds a task-log event's lines to `logs`, in place (a run sends thousands: no copy per event). */
export function addTaskLog(logs: RunLogs, event: TaskLogEvent): void {
  const log = (logs[event.task] ??= { lines: [], total: 0 });
  const lines = logEventLines(event);
  for (const text of lines) log.lines.push({ stream: event.stream, text });
  log.total += lines.length;
  // Trimmed in steps of LOG_LINES_KEPT, not per line: shifting 200 lines per event would cost more than the run.
  if (log.lines.length > LOG_LINES_KEPT * 2) log.lines.splice(0, log.lines.length - LOG_LINES_KEPT);
}

/** The kept lines of a task (at most LOG_LINES_KEPT, the last ones). */
export function keptLines(log: TaskLog | undefined): TaskLogLine[] {
  return log ? log.lines.slice(-LOG_LINES_KEPT) : [];
}

/** Every task's log in a run's events (events.jsonl). */
export function runLogs(events: Iterable<RunEvent>): RunLogs {
  const logs: RunLogs = {};
  for (const e of events) if (e.event === "task-log") addTaskLog(logs, e);
  for (const log of Object.values(logs)) log.lines = keptLines(log);
  return logs;
}
