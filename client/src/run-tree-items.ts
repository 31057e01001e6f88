// What the Runs view says of a run and of its tasks, readable at the sidebar's default width: the status is
// the item's icon (so no "succe…" cut off), the description the run's own duration and what stands out, the
// tooltip everything else (start, folder, metrics, tasks). Pure: runs-view.ts makes tree items of it.

import { formatDuration } from "../../shared/duration";
import type { TaskStatus } from "../../shared/events";
import type { RunSummary } from "../../shared/run-summary";
import type { TaskState } from "../../shared/run-state";

/** `1.2s · 4 cached · 2 failed · project`: the run's own duration (how far it got, while it runs), then only
 * what is worth a glance. */
export function runDescription(run: RunSummary, project?: string): string {
  const statuses = Object.values(run.tasks);
  const failed = statuses.filter((s) => s === "failed").length;
  const reused = Object.keys(run.reused ?? {}).length;
  const done = statuses.filter((s) => s !== "pending" && s !== "running").length;
  return [
    run.status === "running" ? `running · ${done}/${statuses.length}` : run.durationMs !== undefined ? formatDuration(run.durationMs) : "",
    reused > 0 ? `${reused} cached` : "",
    failed > 0 ? `${failed} failed` : "",
    project ?? "",
  ]
    .filter(Boolean)
    .join(" · ");
}

/** The run's tooltip (Markdown): DAG and status, start, duration, folder, every metric, then each task's status. */
export function runTooltip(run: RunSummary): string {
  const lines = [`**${escapeMarkdown(run.dag ?? run.runId)}** · ${run.status}`, ""];
  const facts = [
    run.startedAt ? `started ${run.startedAt.replace("T", " ").replace(/\.\d+Z$/, "Z")}` : "",
    run.durationMs !== undefined ? `took ${formatDuration(run.durationMs)}` : "",
  ].filter(Boolean);
  if (facts.length) lines.push(facts.join(" · "), "");
  lines.push(`\`${run.runFolder}\``, "");
  const metrics = Object.entries(run.metrics);
  if (metrics.length) {
    lines.push("| metric | value |", "|---|---:|", ...metrics.map(([k, v]) => `| ${escapeMarkdown(k)} | ${v} |`), "");
  }
  const tasks = Object.entries(run.tasks);
  if (tasks.length) {
    const counts = new Map<TaskStatus, number>();
    for (const [, s] of tasks) counts.set(s, (counts.get(s) ?? 0) + 1);
    lines.push(`${tasks.length} tasks: ${[...counts].map(([s, n]) => `${n} ${s}`).join(", ")}`);
  }
  return lines.join("\n").trimEnd();
}

/** A task of a run: `850ms`, `failed · 2 attempts · 1.3s`, `cached · from <run>`. The status is the icon. */
export function taskDescription(status: TaskStatus, state: TaskState | undefined, reusedFrom?: string): string {
  if (reusedFrom) return `cached · from ${reusedFrom}`;
  return [
    status === "succeeded" ? "" : status,
    state && state.attempts > 1 ? `${state.attempts} attempts` : "",
    state?.durationMs !== undefined ? formatDuration(state.durationMs) : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

/** A task's tooltip: its status, attempts, duration and error message, or the run it was reused from. */
export function taskTooltip(task: string, status: TaskStatus, state: TaskState | undefined, reusedFrom?: string): string {
  if (reusedFrom) return `${task}: reused by the run cache from run ${reusedFrom} (not run again; its outputs were placed into this run)`;
  const facts = [`${task}: ${status}`];
  if (state && state.attempts > 1) facts.push(`${state.attempts} attempts`);
  if (state?.durationMs !== undefined) facts.push(`took ${formatDuration(state.durationMs)}`);
  const error = state?.error?.message;
  return `${facts.join(" · ")}${error ? `\n${error}` : ""}\nClick to show it in the graph.`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, "\\$&");
}
