// The run timeline under the graph: each task a bar on the run's time axis (start to end, or to now while
// it runs), coloured by status, in the order tasks started, so parallel tasks sit side by side and the
// longest chain shows; a task the run cache reused is a short hatched bar where it was placed. Bars are
// computed purely (timelineBars); the pane draws them as positioned divs.

import { formatDuration } from "../../shared/duration";
import type { TaskStatus } from "../../shared/events";
import type { RunState } from "../../shared/run-state";

export interface TimelineBar {
  task: string;
  status: TaskStatus;
  attempts: number;
  /** Offsets from the run's start, ms. */
  startMs: number;
  endMs: number;
  /** A task the run cache reused (not run): the run its outputs came from. Its bar marks when it was placed. */
  cachedFrom?: string;
}

/** The bars of every task that started, in start order, and the span of the axis (ms). */
export function timelineBars(state: RunState | undefined, nowMs: number): { bars: TimelineBar[]; spanMs: number } {
  if (!state) return { bars: [], spanMs: 0 };
  const runStart = Date.parse(state.startedAt);
  const bars: TimelineBar[] = [];
  for (const task of state.order) {
    const t = state.tasks[task];
    // A reused task never started: its bar sits where it was placed (its end).
    const started = t?.startedAt ?? (t?.cached ? t.endedAt : undefined);
    if (!t || !started) continue;
    const start = Date.parse(started) - runStart;
    const end = t.endedAt ? Date.parse(t.endedAt) - runStart : t.status === "running" ? nowMs - runStart : start;
    const bar: TimelineBar = { task, status: t.status, attempts: t.attempts, startMs: start, endMs: Math.max(start, end) };
    if (t.cached) bar.cachedFrom = t.cached.runId;
    bars.push(bar);
  }
  bars.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const spanMs = Math.max(1, ...bars.map((b) => b.endMs), state.endedAt ? Date.parse(state.endedAt) - runStart : 0);
  return { bars, spanMs };
}

export class Timeline {
  constructor(
    private readonly pane: HTMLElement,
    private readonly onPick: (task: string) => void,
  ) {}

  get open(): boolean {
    return !this.pane.hidden;
  }

  toggle(state: RunState | undefined): void {
    this.pane.hidden = !this.pane.hidden;
    if (this.open) this.draw(state);
  }

  /** Redraws the bars (cheap enough per painted frame: one div per started task). */
  draw(state: RunState | undefined, selected?: string): void {
    if (!this.open) return;
    const { bars, spanMs } = timelineBars(state, Date.now());
    if (bars.length === 0) {
      const empty = document.createElement("div");
      empty.className = "timeline-empty";
      empty.textContent = state ? "No task has started in this run yet." : "No run to show: run the DAG.";
      this.pane.replaceChildren(empty);
      return;
    }
    const axis = document.createElement("div");
    axis.className = "timeline-axis";
    axis.textContent = `0 — ${formatDuration(spanMs)}`;
    const rows = bars.map((b) => {
      const row = document.createElement("div");
      row.className = "timeline-row";
      const name = document.createElement("span");
      name.className = "timeline-label";
      name.textContent = b.task;
      const track = document.createElement("span");
      track.className = "timeline-track";
      const bar = document.createElement("span");
      bar.className = `timeline-bar status-${b.status}${b.cachedFrom ? " cached" : ""}${b.task === selected ? " selected" : ""}`;
      bar.dataset.task = b.task;
      bar.style.left = `${(100 * b.startMs) / spanMs}%`;
      bar.style.width = `max(2px, ${(100 * (b.endMs - b.startMs)) / spanMs}%)`;
      bar.title = b.cachedFrom
        ? `${b.task}: reused from run ${b.cachedFrom} (not run)`
        : `${b.task}: ${b.status}, ${formatDuration(b.endMs - b.startMs)}${b.attempts > 1 ? `, ${b.attempts} attempts` : ""}`;
      bar.addEventListener("click", () => this.onPick(b.task));
      track.append(bar);
      row.append(name, track);
      return row;
    });
    this.pane.replaceChildren(axis, ...rows);
  }
}
