// The terminal view of a running DAG: one line per task with its status and duration, redrawn in
// place (at most every 80 ms); task output, errors and anything else written to the terminal meanwhile
// (print) scroll above it.

import type { RunEvent, TaskStatus } from "../../../../shared/events";
import { formatDuration } from "../../../../shared/duration";
import { describeEvent, statusMark } from "./format";
import type { Palette } from "./palette";

interface Row {
  status: TaskStatus;
  startedAt?: number;
  durationMs?: number;
  attempt: number;
  /** Reused by the run cache: the run its outputs came from (issue 13). */
  reusedFrom?: string;
}

export interface Terminal {
  write(text: string): unknown;
  rows?: number;
}

export class LiveTaskList {
  private readonly rows = new Map<string, Row>();
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;
  private above: string[] = [];
  /** Printed text after its last newline, held until the line is complete. */
  private partial = "";
  private header = "";
  private finished = false;

  constructor(
    private readonly term: Terminal,
    private readonly palette: Palette,
    private readonly projectDir: string,
  ) {}

  event(e: RunEvent): void {
    switch (e.event) {
      case "run-start":
        this.header = describeEvent(e, this.palette, this.projectDir)!;
        for (const t of e.tasks) this.rows.set(t.label, { status: "pending", attempt: 0 });
        break;
      case "task-start":
        this.rows.set(e.task, { status: "running", startedAt: Date.now(), attempt: e.attempt });
        break;
      case "task-end": {
        this.rows.set(e.task, e.cached ? { status: e.status, attempt: 0, reusedFrom: e.cached.runId } : { status: e.status, durationMs: e.durationMs, attempt: e.attempt });
        if (e.error) this.above.push(describeEvent(e, this.palette, this.projectDir)!);
        break;
      }
      case "task-log":
      case "metric":
        this.above.push(describeEvent(e, this.palette, this.projectDir)!);
        break;
      case "run-end":
        // The final list stays on screen with the run's outcome under it.
        this.flushPartial();
        this.draw();
        this.term.write(describeEvent(e, this.palette, this.projectDir)! + "\n");
        this.drawn = 0;
        this.finished = true;
        return;
    }
    this.timer ??= setTimeout(() => this.draw(), 80);
  }

  /** Text written to the terminal by something else (a task's process.stdout.write): shown above the list. */
  print(text: string): void {
    if (this.finished) {
      this.term.write(text);
      return;
    }
    const lines = (this.partial + text).split("\n");
    this.partial = lines.pop()!;
    if (lines.length === 0) return;
    this.above.push(...lines);
    this.timer ??= setTimeout(() => this.draw(), 80);
  }

  close(): void {
    if (this.finished) return;
    this.flushPartial();
    this.draw();
  }

  private flushPartial(): void {
    if (this.partial !== "") this.above.push(this.partial);
    this.partial = "";
  }

  private draw(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Move to the first line of the previous list and clear everything below it.
    let out = this.drawn > 0 ? `\x1b[${this.drawn}F\x1b[J` : "";
    for (const line of this.above) out += line + "\n";
    this.above = [];
    const lines = this.listLines();
    out += lines.join("\n") + "\n";
    this.drawn = lines.length;
    this.term.write(out);
  }

  private listLines(): string[] {
    const p = this.palette;
    const now = Date.now();
    const entries = [...this.rows];
    const room = Math.max(3, (this.term.rows ?? 24) - 2);
    // Large DAGs: show running and failed tasks first, then a count of the rest.
    const shown = entries.length <= room ? entries : entries.filter(([, r]) => r.status === "running" || r.status === "failed").slice(0, room - 1);
    const lines = [this.header];
    for (const [label, r] of shown) {
      const ms = r.durationMs ?? (r.startedAt ? now - r.startedAt : undefined);
      const time = ms === undefined ? "" : p.dim(` ${formatDuration(ms)}`);
      const attempt = r.attempt > 1 ? p.dim(` attempt ${r.attempt}`) : "";
      const reused = r.reusedFrom ? p.dim(` reused from run ${r.reusedFrom}`) : "";
      lines.push(`  ${statusMark(r.status, p)} ${label} ${p.dim(r.status)}${time}${attempt}${reused}`);
    }
    if (shown.length < entries.length) lines.push(p.dim(`  … ${summary(entries.map(([, r]) => r.status))}`));
    return lines;
  }
}

function summary(statuses: TaskStatus[]): string {
  const counts = new Map<TaskStatus, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(", ");
}
