// The run cache (issue 13), run by the built CLI, with the load average:
// - the example project fully cached against its normal run: wall ratio (the example's tasks take far less than
//   1 s, so the ratio here is mostly the CLI's fixed start), and the same for a 6-task chain whose tasks take 1 s
//   each (goal ≤ 0.3× when the tasks take ≥ 1 s);
// - a chain of 100 / 1,000 / 10,000 no-op tasks, fully cached, against the same no-op chain run without the
//   cache: extra µs per task of fingerprinting and reuse (goal ≤ 200 µs), and the cached run's wall per
//   task at 1k and 10k (linear growth keeps their ratio ≤ 1: the fixed start spreads thinner).
// Each cached run is measured with one earlier run in the project (its folder is removed after).

import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { median, report, type Figure } from "./lib/measure";
import { realisticProject } from "./lib/realistic-project";

const REPO = resolve(__dirname, "..");
const CLI = join(REPO, "dist/runtime/cli.js");
const RUNS = Number(process.env.RUNS ?? 5);
const SIZES = (process.env.SIZES ?? "100,1000,10000").split(",").map(Number);

function runsIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, rel));
    } catch {
      return;
    }
    for (const n of names) depth === 3 ? out.push(join(dir, rel, n)) : walk(join(rel, n), depth + 1);
  };
  walk("data/runs", 0);
  return out;
}

function gluepy(project: string, args: string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, [CLI, "--project", project, ...args], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  if (r.status !== 0) throw new Error(`gluepy ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return performance.now() - start;
}

/** Median wall ms of `args`, interleaved with the other case; each run's folder is removed so every run meets one earlier run. */
function interleaved(project: string, cases: Record<string, string[]>, runs = RUNS): Record<string, number> {
  const keep = new Set(runsIn(project));
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i <= runs; i++) {
    for (const [name, args] of Object.entries(cases)) {
      const ms = gluepy(project, args);
      if (i > 0) times[name]!.push(ms);
      for (const run of runsIn(project)) if (!keep.has(run)) rmSync(run, { recursive: true, force: true });
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

/** A cached run of the chain reuses every task (else the figures would time something else). */
function assertAllCached(project: string, n: number): void {
  const r = spawnSync(process.execPath, [CLI, "--project", project, "dag", "chain", "--cache", "--json"], { encoding: "utf8", maxBuffer: 1 << 30 });
  const cached = r.stdout.split("\n").filter((l) => l.includes('"task-end"') && l.includes('"cached"')).length;
  if (cached !== n) throw new Error(`expected ${n} cached tasks, got ${cached}: ${r.stderr}`);
  const keep = runsIn(project).sort();
  rmSync(keep[keep.length - 1]!, { recursive: true, force: true });
}

function main(): void {
  const figures: Figure[] = [];
  const root = mkdtempSync(join(tmpdir(), "gluepy-bench-cache-"));
  try {
    const example = join(root, "forecast");
    cpSync(join(REPO, "examples", "forecast"), example, { recursive: true, filter: (s) => !/node_modules|[\\/]data[\\/]|[\\/]\.gluepy/.test(s) });
    gluepy(example, ["dag", "training", "--cache"]);
    const ex = interleaved(example, { normal: ["dag", "training"], cached: ["dag", "training", "--cache"] });
    figures.push({ name: "example training DAG fully cached / normal run (wall)", value: ex.cached! / ex.normal!, unit: "x" });

    const slow = realisticProject(6, "gluepy-bench-cache-slow-", "second");
    try {
      gluepy(slow.dir, ["dag", "chain", "--cache"]);
      const t = interleaved(slow.dir, { normal: ["dag", "chain"], cached: ["dag", "chain", "--cache"] }, Math.min(RUNS, 3));
      figures.push({ name: "6-task chain of 1 s tasks fully cached / normal run (wall)", value: t.cached! / t.normal!, unit: "x", limit: 0.3 });
    } finally {
      rmSync(slow.dir, { recursive: true, force: true });
    }

    const perTask: Record<number, number> = {};
    for (const n of SIZES) {
      const project = realisticProject(n, "gluepy-bench-cache-", "noop");
      try {
        gluepy(project.dir, ["dag", "chain", "--cache"]);
        assertAllCached(project.dir, n);
        const t = interleaved(project.dir, { plain: ["dag", "chain"], cached: ["dag", "chain", "--cache"] });
        perTask[n] = (t.cached! * 1000) / n;
        figures.push({ name: `${n}-task no-op chain: fully cached − normal run, per task`, value: ((t.cached! - t.plain!) * 1000) / n, unit: "µs", limit: 200 });
        figures.push({ name: `${n}-task no-op chain: fully cached run, wall per task`, value: perTask[n]!, unit: "µs" });
        figures.push({ name: `${n}-task chain: fully cached / normal run (wall)`, value: t.cached! / t.plain!, unit: "x" });
      } finally {
        rmSync(project.dir, { recursive: true, force: true });
      }
    }
    if (perTask[1000] !== undefined && perTask[10000] !== undefined) {
      figures.push({ name: "fully cached run's wall per task, 10,000 / 1,000 tasks (linear: ≤ 1, the fixed start spreads thinner)", value: perTask[10000]! / perTask[1000]!, unit: "x" });
    }
    figures.push({ name: "load average (1 min) at the end", value: loadavg()[0]!, unit: "" });
    report("run-cache", figures);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
