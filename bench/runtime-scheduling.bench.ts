// Scheduling cost of the runtime: a chain of no-op tasks run by the built CLI with state.json and
// events.jsonl persisted, at 1, 1,000 and 10,000 tasks in one generated project. Figures: µs per task
// beyond start-up (the 1-task run of the same project is the floor; wall time, and CPU time, which a
// loaded machine disturbs less), the 10k/1k time ratio (linear scheduling gives ~10), and the peak RSS
// of the 10k run.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { median, report } from "./lib/measure";

const REPO = resolve(__dirname, "..");
const CLI = join(REPO, "dist/runtime/cli.js");
const RUNS = 5;

function generateProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "gluepy-bench-sched-"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bench-scheduling", private: true }));
  writeFileSync(
    join(dir, "src/chain.ts"),
    `import { DAG, Task } from "gluepy";

function noop(i: number) {
  const cls = class extends Task {
    static label = "t" + i;
    run() {}
  };
  Object.defineProperty(cls, "name", { value: "Noop" + i });
  return cls;
}

const tasks = Array.from({ length: 10_000 }, (_, i) => noop(i));
export const all = Object.fromEntries(tasks.map((t) => [t.name, t]));

export class Chain1 extends DAG {
  static label = "chain1";
  static tasks = tasks.slice(0, 1);
}

export class Chain1k extends DAG {
  static label = "chain1k";
  static tasks = tasks.slice(0, 1_000);
}

export class Chain10k extends DAG {
  static label = "chain10k";
  static tasks = tasks;
}
`,
  );
  return dir;
}

interface DagTiming {
  /** Median wall time. */
  ms: number;
  /** Median CPU time (user + system) of the process: steadier than wall time on a loaded machine. */
  cpuMs: number;
  /** Peak RSS of the last run. */
  maxRssKb: number;
}

/** `gluepy dag <label>` under /usr/bin/time, which reports the child's CPU time and peak RSS. */
function timeDag(dir: string, label: string): DagTiming {
  const times: number[] = [];
  const cpu: number[] = [];
  let maxRssKb = 0;
  for (let i = 0; i <= RUNS; i++) {
    const start = performance.now();
    const r = spawnSync("/usr/bin/time", ["-f", "%U %S %M", process.execPath, CLI, "--project", dir, "dag", label], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    const ms = performance.now() - start;
    if (r.status !== 0) throw new Error(`gluepy dag ${label} exited ${r.status}: ${r.stderr}`);
    const [user, sys, rss] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
    maxRssKb = rss!;
    if (i > 0) {
      times.push(ms);
      cpu.push((user! + sys!) * 1000);
    }
    rmSync(join(dir, "data/runs"), { recursive: true, force: true });
  }
  return { ms: median(times), cpuMs: median(cpu), maxRssKb };
}

function main() {
  if (!existsSync(CLI)) spawnSync("npm", ["run", "build"], { cwd: REPO, stdio: "inherit" });
  const dir = generateProject();
  try {
    const one = timeDag(dir, "chain1");
    const k1 = timeDag(dir, "chain1k");
    const k10 = timeDag(dir, "chain10k");
    report("runtime-scheduling", [
      { name: "1-task run (start-up floor)", value: one.ms, unit: "ms" },
      { name: "1,000-task chain", value: k1.ms, unit: "ms" },
      { name: "10,000-task chain", value: k10.ms, unit: "ms" },
      { name: "per task beyond start-up (10k chain, wall)", value: ((k10.ms - one.ms) / 9_999) * 1000, unit: "µs", limit: 20 },
      { name: "per task beyond start-up (10k chain, CPU)", value: ((k10.cpuMs - one.cpuMs) / 9_999) * 1000, unit: "µs", limit: 20 },
      { name: "10k run / 1k run (wall)", value: k10.ms / k1.ms, unit: "x", limit: 11 },
      { name: "peak RSS of the 10k run", value: k10.maxRssKb / 1024, unit: "MB", limit: 150 },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
