// Measuring helpers shared by every benchmark: machines here are noisy, so each figure is a median of
// repeated runs and is reported as a ratio against a floor (or a peer) measured in the same run.

import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { performance } from "node:perf_hooks";

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (0-100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median wall time in ms of `fn` over `runs` runs, after `warmup` unmeasured runs. */
export async function timeMs(fn: () => unknown | Promise<unknown>, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Median wall time in ms of a whole command; throws when it exits non-zero. */
export async function timeCommandMs(cmd: string, args: string[], options: SpawnSyncOptions = {}, runs = 7): Promise<number> {
  return timeMs(() => {
    const r = spawnSync(cmd, args, { stdio: "ignore", ...options });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}`);
  }, runs, 1);
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The target the issue sets, in the same unit; the figure passes when value <= limit. */
  limit?: number;
}

/** Prints one line per figure ("ok"/"OVER" against its limit) and a JSON line for tools. */
export function report(bench: string, figures: Figure[]): void {
  for (const f of figures) {
    const verdict = f.limit === undefined ? "" : f.value <= f.limit ? "  ok" : "  OVER";
    const limit = f.limit === undefined ? "" : ` (limit ${f.limit} ${f.unit})`;
    console.log(`${bench}: ${f.name} = ${round(f.value)} ${f.unit}${limit}${verdict}`);
  }
  console.log(JSON.stringify({ bench, figures }));
}

function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100;
}
