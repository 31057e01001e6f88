// Where the time goes between a "Run DAG" click and its first task line: named marks in ms since the
// command arrived, one line per run in the Output channel "Gluepy Trace" (read by the e2e suite).

import { performance } from "node:perf_hooks";

export class RunTrace {
  private readonly t0 = performance.now();
  /** Wall clock at the command, to line the marks up with another process's clock (the e2e page's). */
  private readonly startedAt = Date.now();
  private readonly marks: { name: string; ms: number }[] = [];

  /** Records the first time `name` happens; later repeats are ignored (only the first counts). */
  mark(name: string): void {
    if (this.marks.some((m) => m.name === name)) return;
    this.marks.push({ name, ms: performance.now() - this.t0 });
  }

  /** `run <what> @<epoch ms>: command 0.0 | spawned 4.1 | …` in the order the marks happened. */
  format(what: string): string {
    return `run ${what} @${this.startedAt}: ${this.marks.map((m) => `${m.name} ${m.ms.toFixed(1)}`).join(" | ")}`;
  }
}

/** The marks of one trace line, by name, plus `epochMs` (the command's wall clock) when the line has it. */
export function parseTraceLine(line: string): Record<string, number> {
  const marks: Record<string, number> = {};
  const at = / @(\d+): /.exec(line);
  if (at) marks.epochMs = Number(at[1]);
  const body = line.slice(line.indexOf(": ") + 2);
  for (const part of body.split(" | ")) {
    const m = /^(.+) (\d+(?:\.\d+)?)$/.exec(part.trim());
    if (m) marks[m[1]!] = Number(m[2]);
  }
  return marks;
}
