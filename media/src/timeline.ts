// The run timeline under the graph: each task a bar on the run's time axis (start to end, or to now while
// it runs), coloured by status, in the order tasks started, so parallel tasks sit side by side and the
// longest chain shows; a task the run cache reused is a short hatched bar where it was placed. Bars are
// computed purely (timelineBars); the pane draws only the rows scrolled into view, as positioned divs.

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

/** Height of a row, px (graph.css's .timeline-row). */
const ROW_PX = 16;
/** Rows drawn beyond each edge of the view, so a short scroll shows rows at once. */
const OVERSCAN = 8;

/** A drawn row, with what it shows now: a frame writes only what changed. */
interface DrawnRow {
  row: HTMLDivElement;
  bar: HTMLSpanElement;
  top: string;
  className: string;
  left: string;
  width: string;
  title: string;
}

/**
 * The pane draws only the rows in view (and a few around them) over a spacer as tall as every row: a
 * 1,000-task run redraws each frame, and 1,000 rows restyled, laid out and painted per frame delayed the
 * graph's own status by hundreds of ms (bench/graph-status.bench.ts).
 */
export class Timeline {
  private rows = new Map<string, DrawnRow>();
  private axis?: HTMLDivElement;
  private spacer?: HTMLDivElement;
  /** The last state drawn, to draw again on a scroll. */
  private last?: { state: RunState | undefined; selected?: string };
  /** The view, kept from scroll and resize events: reading the layout while drawing would force it. */
  private scrollTop = 0;
  private viewHeight = 0;
  private scrollFrame?: number;

  constructor(
    private readonly pane: HTMLElement,
    private readonly onPick: (task: string) => void,
  ) {
    pane.addEventListener("scroll", () => {
      this.scrollTop = pane.scrollTop;
      this.scrollFrame ??= requestAnimationFrame(() => {
        this.scrollFrame = undefined;
        if (this.last) this.draw(this.last.state, this.last.selected);
      });
    });
    new ResizeObserver(() => {
      this.viewHeight = pane.clientHeight;
      if (this.last) this.draw(this.last.state, this.last.selected);
    }).observe(pane);
  }

  get open(): boolean {
    return !this.pane.hidden;
  }

  toggle(state: RunState | undefined): void {
    this.pane.hidden = !this.pane.hidden;
    if (this.open) this.draw(state);
  }

  /** Brings the rows in view up to date (their place, a bar's status, start, length and tooltip). */
  draw(state: RunState | undefined, selected?: string): void {
    this.last = { state, selected };
    if (!this.open) return;
    const { bars, spanMs } = timelineBars(state, Date.now());
    if (bars.length === 0) {
      const empty = document.createElement("div");
      empty.className = "timeline-empty";
      empty.textContent = state ? "No task has started in this run yet." : "No run to show: run the DAG.";
      this.rows.clear();
      this.axis = this.spacer = undefined;
      this.pane.replaceChildren(empty);
      return;
    }
    if (!this.axis || !this.spacer) {
      this.axis = document.createElement("div");
      this.axis.className = "timeline-axis";
      this.spacer = document.createElement("div");
      this.spacer.className = "timeline-rows";
      this.pane.replaceChildren(this.axis, this.spacer);
    }
    this.axis.textContent = `0 — ${formatDuration(spanMs)} · ${bars.length} task${bars.length === 1 ? "" : "s"} started`;
    this.spacer.style.height = `${bars.length * ROW_PX}px`;
    // The axis line sits above the rows; before the first resize event, assume a full view.
    const first = Math.max(0, Math.floor((this.scrollTop - ROW_PX) / ROW_PX) - OVERSCAN);
    const last = Math.min(bars.length, Math.ceil((this.scrollTop + (this.viewHeight || 600)) / ROW_PX) + OVERSCAN);
    const shown = new Set<string>();
    for (let i = first; i < last; i++) {
      const b = bars[i]!;
      shown.add(b.task);
      let drawn = this.rows.get(b.task);
      if (!drawn) {
        drawn = this.newRow(b.task);
        this.spacer.append(drawn.row);
      }
      update(drawn, {
        top: `${i * ROW_PX}px`,
        className: `timeline-bar status-${b.status}${b.cachedFrom ? " cached" : ""}${b.task === selected ? " selected" : ""}`,
        left: `${(100 * b.startMs) / spanMs}%`,
        width: `max(2px, ${(100 * (b.endMs - b.startMs)) / spanMs}%)`,
        title: b.cachedFrom
          ? `${b.task}: reused from run ${b.cachedFrom} (not run)`
          : `${b.task}: ${b.status}, ${formatDuration(b.endMs - b.startMs)}${b.attempts > 1 ? `, ${b.attempts} attempts` : ""}`,
      });
    }
    for (const [task, drawn] of this.rows) {
      if (shown.has(task)) continue;
      drawn.row.remove();
      this.rows.delete(task);
    }
  }

  private newRow(task: string): DrawnRow {
    const row = document.createElement("div");
    row.className = "timeline-row";
    const name = document.createElement("span");
    name.className = "timeline-label";
    name.textContent = task;
    const track = document.createElement("span");
    track.className = "timeline-track";
    const bar = document.createElement("span");
    bar.dataset.task = task;
    bar.addEventListener("click", () => this.onPick(task));
    track.append(bar);
    row.append(name, track);
    const drawn: DrawnRow = { row, bar, top: "", className: "", left: "", width: "", title: "" };
    this.rows.set(task, drawn);
    return drawn;
  }
}

function update(drawn: DrawnRow, wanted: Omit<DrawnRow, "row" | "bar">): void {
  if (drawn.top !== wanted.top) drawn.row.style.top = drawn.top = wanted.top;
  if (drawn.className !== wanted.className) drawn.bar.className = drawn.className = wanted.className;
  if (drawn.left !== wanted.left) drawn.bar.style.left = drawn.left = wanted.left;
  if (drawn.width !== wanted.width) drawn.bar.style.width = drawn.width = wanted.width;
  if (drawn.title !== wanted.title) drawn.bar.title = drawn.title = wanted.title;
}
