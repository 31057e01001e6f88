// Timing whole `gluepy` starts against a bare `node -e ''` measured in the same rounds: this machine's load
// changes by the second, and interleaving gives the command and its floor the same conditions.

import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { median } from "./measure";

export interface Timing {
  ms: number;
  /** User + system CPU time (from /usr/bin/time), which a loaded machine disturbs less than wall time. */
  cpuMs: number;
  /** Peak resident set size, MB. */
  rssMb: number;
}

/** One run of `node ...args`; throws when it exits non-zero. */
export function timeOnce(args: string[], env: NodeJS.ProcessEnv = startEnv()): Timing {
  const start = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%U %S %M", process.execPath, ...args], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const [user, sys, rssKb] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { ms, cpuMs: (user! + sys!) * 1000, rssMb: rssKb! / 1024 };
}

/** The environment of a start: without variables that slow Node down or change what runs (issue 10). */
export function startEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _options, NODE_EXTRA_CA_CERTS: _certs, ...env } = process.env;
  return env;
}

export interface Comparison {
  ms: number;
  floor: number;
  cpuMs: number;
  cpuFloor: number;
  rssMb: number;
  /** Fastest start / fastest floor: the cost with the least interference from other processes. */
  bestRatio: number;
}

/**
 * Medians of each command and of the floor over `runs` rounds (after one unmeasured round); in every round
 * each command runs once, after its `prepare` (untimed), then the floor.
 */
export function startsVsFloor(commands: { args: string[]; prepare?: () => void }[], runs: number): Comparison[] {
  const starts = commands.map(() => [] as Timing[]);
  const floors: Timing[] = [];
  for (let i = 0; i <= runs; i++) {
    const round = commands.map((c) => {
      c.prepare?.();
      return timeOnce(c.args);
    });
    const floor = timeOnce(["-e", ""]);
    if (i === 0) continue;
    round.forEach((t, k) => starts[k]!.push(t));
    floors.push(floor);
  }
  const floor = median(floors.map((x) => x.ms));
  const cpuFloor = median(floors.map((x) => x.cpuMs));
  const fastestFloor = Math.min(...floors.map((x) => x.ms));
  return starts.map((s) => ({
    ms: median(s.map((x) => x.ms)),
    floor,
    cpuMs: median(s.map((x) => x.cpuMs)),
    cpuFloor,
    rssMb: median(s.map((x) => x.rssMb)),
    bestRatio: Math.min(...s.map((x) => x.ms)) / fastestFloor,
  }));
}

/** "load average 1.23 0.98 0.75", printed with every bench's figures. */
export function loadAverage(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`;
}
