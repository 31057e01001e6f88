// Scheduling cost of the runtime with state.json and events.jsonl persisted (issues 2, 10, 15), run by the
// built CLI, and the cost of an event from emit to bytes in events.jsonl.
//
// - Realistic shape (the figure of record, issue 10): 1,000 and 10,000 no-op Task classes declared one by
//   one across 100 files (bench/lib/realistic-project.ts); µs per task of the 10,000-task chain beyond the
//   1-task DAG of the same project (wall, and CPU time, which a loaded machine disturbs less), the 10k/1k
//   chain ratio (linear scheduling gives ~10), the peak RSS of the 10k chain.
// - Where the realistic chain's time goes, as extra rows: `gluepy graph chain` (loads and validates the same
//   10,000 classes, runs nothing), so the run alone is the chain minus it (the 1-task run loads one module
//   of 100 tasks: "beyond the 1-task run" counts loading the other 9,900 classes too); and floors measured
//   in the same rounds: a bare `node -e ''` (issue 10's 10x limit) and the same chain in plain Node
//   (bench/lib/plain-node-floor.ts: 10,000 classes across 100 files, each made and run once, one append each).
// - The older shape (tasks made by one class expression in a loop) as extra rows, with issue 2's limits.
// - Event latency: chains of 2,000 tasks run in this process, each event timed from its emit to the
//   moment its bytes were written to events.jsonl (p50, p99), for tasks that end synchronously, tasks
//   that end a microtask later, and tasks that wait 1 ms on a timer.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { resolveSettings } from "../runtime/src/conf/settings";
import { DAG } from "../runtime/src/exec/dag-class";
import { collectRegistry } from "../runtime/src/exec/registry";
import { runDag } from "../runtime/src/exec/run";
import { RunRecord } from "../runtime/src/exec/run-record";
import { Task } from "../runtime/src/exec/task";
import { median, percentile, report, type Figure } from "./lib/measure";
import { plainNodeFloor } from "./lib/plain-node-floor";
import { loopProject, realisticProject, type GeneratedProject } from "./lib/realistic-project";
import { startEnv } from "./lib/start-timing";

const REPO = resolve(__dirname, "..");
const CLI = join(REPO, "dist/runtime/cli.js");
const RUNS = 5;

interface DagTiming {
  /** Median wall time. */
  ms: number;
  /** Median CPU time (user + system) of the process: steadier than wall time on a loaded machine. */
  cpuMs: number;
  /** Peak RSS of the last run. */
  maxRssKb: number;
}

/** `gluepy dag <label>` (or another command) of a project; its run folders are removed after each run. */
function timeDag(project: GeneratedProject, label: string, command: string[] = ["dag", label]): DagTiming {
  return timeNode([CLI, "--project", project.dir, ...command], () => rmSync(join(project.dir, "data/runs"), { recursive: true, force: true }));
}

/** `node <args>` under /usr/bin/time, which reports the child's CPU time and peak RSS; the first run warms the caches. */
function timeNode(args: string[], after?: () => void): DagTiming {
  const times: number[] = [];
  const cpu: number[] = [];
  let maxRssKb = 0;
  for (let i = 0; i <= RUNS; i++) {
    const start = performance.now();
    const r = spawnSync("/usr/bin/time", ["-f", "%U %S %M", process.execPath, ...args], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env: startEnv() });
    const ms = performance.now() - start;
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    const [user, sys, rss] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
    maxRssKb = rss!;
    if (i > 0) {
      times.push(ms);
      cpu.push((user! + sys!) * 1000);
    }
    after?.();
  }
  return { ms: median(times), cpuMs: median(cpu), maxRssKb };
}

/** The realistic chain against what it must do at the least, and where its time goes (see the top). */
function floorFigures(chain: DagTiming, graph: DagTiming, bare: DagTiming, plain: DagTiming): Figure[] {
  return [
    { name: "realistic: 10k chain / bare node -e ''", value: chain.ms / bare.ms, unit: "x", limit: 10 },
    { name: "realistic: gluepy graph chain (loads and validates the 10,000 classes, runs nothing)", value: graph.ms, unit: "ms" },
    { name: "realistic: per task of the run alone (10k chain - graph chain, wall)", value: ((chain.ms - graph.ms) / 10_000) * 1000, unit: "µs" },
    { name: "realistic: per task of the run alone (10k chain - graph chain, CPU)", value: ((chain.cpuMs - graph.cpuMs) / 10_000) * 1000, unit: "µs" },
    { name: "floor: bare node -e ''", value: bare.ms, unit: "ms" },
    { name: "floor: bare node -e '', peak RSS", value: bare.maxRssKb / 1024, unit: "MB" },
    { name: "floor: the 10k chain in plain Node (classes across 100 files, made and run once, one append each)", value: plain.ms, unit: "ms" },
    { name: "floor: the 10k chain in plain Node, peak RSS", value: plain.maxRssKb / 1024, unit: "MB" },
    { name: "realistic: 10k chain / the plain-Node chain (wall)", value: chain.ms / plain.ms, unit: "x" },
    { name: "realistic: 10k chain / the plain-Node chain (CPU)", value: chain.cpuMs / plain.cpuMs, unit: "x" },
  ];
}

function schedulingFigures(shape: string, one: DagTiming, k1: DagTiming, k10: DagTiming, perTaskLimit: number, rssLimit: number): Figure[] {
  return [
    { name: `${shape}: 1-task DAG of the 10,000-task project (floor)`, value: one.ms, unit: "ms" },
    { name: `${shape}: 1,000-task chain`, value: k1.ms, unit: "ms" },
    { name: `${shape}: 10,000-task chain`, value: k10.ms, unit: "ms" },
    { name: `${shape}: per task beyond the 1-task run (10k chain, wall)`, value: ((k10.ms - one.ms) / 9_999) * 1000, unit: "µs", limit: perTaskLimit },
    { name: `${shape}: per task beyond the 1-task run (10k chain, CPU)`, value: ((k10.cpuMs - one.cpuMs) / 9_999) * 1000, unit: "µs" },
    { name: `${shape}: 10k chain / 1k chain (wall)`, value: k10.ms / k1.ms, unit: "x", limit: 11 },
    { name: `${shape}: peak RSS of the 10k chain`, value: k10.maxRssKb / 1024, unit: "MB", limit: rssLimit },
  ];
}

/** What a chain task does before it returns. */
type Ending = "sync" | "microtask" | "1 ms timer";

/**
 * Emit → bytes in events.jsonl of every event of a 2,000-task chain run in this process. The record's
 * append and flush are wrapped (here, not in the runtime) to stamp when an event is appended and when
 * the write that holds it returned.
 */
async function eventLatencies(ending: Ending): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), "gluepy-bench-events-"));
  const appendedAt: number[] = [];
  const latencies: number[] = [];
  const { append, flushEvents } = RunRecord.prototype;
  RunRecord.prototype.append = function (this: RunRecord, event) {
    appendedAt.push(performance.now());
    append.call(this, event);
  };
  RunRecord.prototype.flushEvents = function (this: RunRecord) {
    flushEvents.call(this);
    const now = performance.now();
    for (const t of appendedAt) latencies.push(now - t);
    appendedAt.length = 0;
  };
  try {
    const classes = Array.from({ length: 2_000 }, (_, i) => {
      const cls = class extends Task {
        static label = `t${i}`;
        run(): void | Promise<void> {
          if (ending === "microtask") return Promise.resolve();
          if (ending === "1 ms timer") return new Promise((r) => setTimeout(r, 1));
        }
      };
      return cls;
    });
    class Chain extends DAG {
      static label = "chain";
      static tasks = classes;
    }
    const outcome = await runDag({ projectDir: dir, registry: collectRegistry([{ Chain }]), settings: resolveSettings({}, dir, {}), dag: "chain", concurrency: 1 });
    if (outcome.status !== "succeeded") throw new Error(`the ${ending} chain ${outcome.status}`);
    return latencies;
  } finally {
    RunRecord.prototype.append = append;
    RunRecord.prototype.flushEvents = flushEvents;
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (!existsSync(CLI)) spawnSync("npm", ["run", "build"], { cwd: REPO, stdio: "inherit" });
  const load = loadavg()[0]!;
  const dirs: string[] = [];
  const made = (p: GeneratedProject) => (dirs.push(p.dir), p);
  try {
    const real1k = made(realisticProject(1_000, "gluepy-bench-sched-1k-", "noop"));
    const real10k = made(realisticProject(10_000, "gluepy-bench-sched-10k-", "noop"));
    const loop1k = made(loopProject(1_000, "gluepy-bench-sched-loop1k-"));
    const loop10k = made(loopProject(10_000, "gluepy-bench-sched-loop10k-"));
    const floor = plainNodeFloor(10_000);
    dirs.push(floor.dir);
    const chain10k = timeDag(real10k, "chain");
    const figures: Figure[] = [
      ...schedulingFigures("realistic", timeDag(real10k, "one"), timeDag(real1k, "chain"), chain10k, 10, 85),
      ...floorFigures(
        chain10k,
        timeDag(real10k, "chain", ["graph", "chain", "--json"]),
        timeNode(["-e", ""]),
        timeNode([floor.script], () => rmSync(join(floor.dir, "runs"), { recursive: true, force: true })),
      ),
      ...schedulingFigures("loop shape", timeDag(loop10k, "one"), timeDag(loop1k, "chain"), timeDag(loop10k, "chain"), 20, 150),
    ];
    for (const ending of ["sync", "microtask", "1 ms timer"] as const) {
      const latencies = await eventLatencies(ending);
      figures.push(
        { name: `event emit → bytes in events.jsonl, ${ending} tasks, p50`, value: percentile(latencies, 50) * 1000, unit: "µs" },
        { name: `event emit → bytes in events.jsonl, ${ending} tasks, p99`, value: percentile(latencies, 99) * 1000, unit: "µs" },
        { name: `event emit → bytes in events.jsonl, ${ending} tasks, max`, value: Math.max(...latencies), unit: "ms", limit: 50 },
      );
    }
    figures.push({ name: "load average (1 min) at the start", value: load, unit: "" }, { name: "load average (1 min) at the end", value: loadavg()[0]!, unit: "" });
    report("runtime-scheduling", figures);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

void main();
