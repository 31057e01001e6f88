// What a node shows of a run: its status (the colour) and a detail line (duration, attempts), for one task
// or for a collapsed sub-DAG summarising its tasks. Pure: RunState in, text out.

import { formatDuration } from "../../shared/duration";
import type { TaskStatus } from "../../shared/events";
import type { RunState, TaskState } from "../../shared/run-state";

export interface NodeStatusView {
  status: TaskStatus;
  detail: string;
}

function taskDetail(t: TaskState): string {
  // Not run: its outputs came from an earlier run (the run cache); its "duration" would be 0.
  if (t.cached) return "reused";
  const parts: string[] = [];
  if (t.status === "running") parts.push("running");
  else if (t.status !== "pending" && t.status !== "succeeded") parts.push(t.status);
  if (t.durationMs !== undefined && t.status !== "running") parts.push(formatDuration(t.durationMs));
  if (t.attempts > 1) parts.push(t.status === "running" ? `attempt ${t.attempts}` : `${t.attempts} attempts`);
  return parts.join(" · ");
}

/** A group's status: the most telling of its tasks' (a failure anywhere shows, then activity). */
const GROUP_PRECEDENCE: TaskStatus[] = ["failed", "running", "cancelled", "pending", "skipped", "succeeded"];

export function nodeStatus(state: RunState | undefined, members: string[]): NodeStatusView {
  const tasks = members.map((m) => state?.tasks[m]).filter((t): t is TaskState => t !== undefined);
  if (tasks.length === 0) return { status: "pending", detail: "" };
  if (members.length === 1) return { status: tasks[0]!.status, detail: taskDetail(tasks[0]!) };
  const statuses = new Set(tasks.map((t) => t.status));
  // Some done, some waiting, none running yet: the group is under way.
  const status = statuses.has("succeeded") && statuses.has("pending") && !statuses.has("failed") ? "running" : GROUP_PRECEDENCE.find((s) => statuses.has(s))!;
  const done = tasks.filter((t) => t.status === "succeeded").length;
  return { status, detail: `${done}/${members.length} succeeded` };
}
