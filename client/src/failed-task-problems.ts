// Where a failed task's error goes in the Problems panel: pure mapping from task-end events to
// diagnostic data (file, 0-based position, message), apart from the VS Code DiagnosticCollection.

import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { RunEvent, TaskEndEvent } from "../../shared/events";

export interface TaskFailure {
  /** Absolute path of the file that threw. */
  file: string;
  /** 0-based line and character (events carry 1-based ones). */
  line: number;
  character: number;
  message: string;
  task: string;
}

/** The failure a task-end event reports at a source position, or undefined (success, or no position). */
export function taskFailure(event: TaskEndEvent, projectDir: string): TaskFailure | undefined {
  if (event.status !== "failed" || !event.error?.file) return undefined;
  const file = event.error.file.startsWith("file:") ? fileURLToPath(event.error.file) : path.resolve(projectDir, event.error.file);
  return {
    file,
    line: Math.max(0, (event.error.line ?? 1) - 1),
    character: Math.max(0, (event.error.column ?? 1) - 1),
    message: `Task "${event.task}" failed: ${event.error.message}`,
    task: event.task,
  };
}

/** Every located failure of a run's events, grouped by file. */
export function failuresByFile(events: Iterable<RunEvent>, projectDir: string): Map<string, TaskFailure[]> {
  const byFile = new Map<string, TaskFailure[]>();
  for (const event of events) {
    if (event.event !== "task-end") continue;
    const failure = taskFailure(event, projectDir);
    if (!failure) continue;
    byFile.set(failure.file, [...(byFile.get(failure.file) ?? []), failure]);
  }
  return byFile;
}
