// Turns run events into the lines of the run log in the Output channel. The words and shapes here are
// what syntaxes/gluepy-log.tmLanguage.json colours: keep the two in step.

import { formatDuration } from "../../shared/duration";
import type { RunEvent } from "../../shared/events";

/** The log lines for one event (a task's multi-line output gives several lines). */
export function formatRunEvent(event: RunEvent): string[] {
  const time = `[${clock(event.ts)}]`;
  switch (event.event) {
    case "run-start":
      return [`== Run ${event.runId} of DAG "${event.dag}": ${event.tasks.length} tasks, folder ${event.runFolder}`];
    case "task-start":
      return [`${time} START ${event.task}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}`];
    case "task-log": {
      const mark = event.stream === "stderr" ? "!" : "|";
      return event.text.replace(/\r?\n$/, "").split(/\r?\n/).map((line) => `${time} ${event.task} ${mark} ${line}`);
    }
    case "task-end": {
      // Not run: the run cache placed an earlier run's outputs (the CLI says the same: "reused from run <id>").
      if (event.cached) return [`${time} ${event.status.toUpperCase()} ${event.task}: cached, reused from run ${event.cached.runId}`];
      const head = `${time} ${event.status.toUpperCase()} ${event.task} in ${formatDuration(event.durationMs)}`;
      if (!event.error) return [head];
      const where = event.error.file ? `    at ${event.error.file}:${event.error.line ?? 1}:${event.error.column ?? 1}` : undefined;
      return [`${head}: ${event.error.message}`, ...(where ? [where] : [])];
    }
    case "metric":
      return [`${time} METRIC ${event.task} ${event.key} = ${event.value}`];
    case "run-end":
      return [`== Run ${event.status} in ${formatDuration(event.durationMs)}`];
  }
}

/** HH:MM:SS of an ISO time, in the local time zone (what the user's clock shows). */
function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "--:--:--";
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}
