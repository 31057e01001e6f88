// Click "Run DAG" → first task-start: the part the extension owns is spawning the runtime CLI (under its
// process-group guard) and reading its first task-start event. Measured on a copy of the example project,
// against a floor measured in the same run: starting Node itself (spawn to exit of an empty script).
// The e2e suite measures the same span through the real VS Code UI (test-results/e2e/timings.json).

import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { dagRunArgs, listArgs } from "../client/src/cli-command-lines";
import { cliInvocation, runToEnd, RuntimeProcess } from "../client/src/run-process";
import { median, report } from "./lib/measure";

const REPO = path.resolve(__dirname, "..");
const CLI = path.join(REPO, "dist", "runtime", "cli.js");
const RUNS = 7;

async function firstTaskStartMs(projectDir: string): Promise<number> {
  const start = performance.now();
  let seen = 0;
  const proc = new RuntimeProcess(cliInvocation(CLI, dagRunArgs(projectDir, { dag: "training" }), process.execPath), projectDir, {
    onEvent: (e) => {
      if (e.event === "task-start" && !seen) seen = performance.now() - start;
    },
    onText: () => {},
  });
  const exit = await proc.exited;
  if (exit.code !== 0 || !seen) throw new Error(`the example run exited ${exit.code} without a task-start`);
  return seen;
}

async function nodeStartMs(): Promise<number> {
  const start = performance.now();
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, ["-e", ""], { stdio: "ignore" }).on("exit", (c) => (c === 0 ? resolve() : reject(new Error(`node exited ${c}`)))),
  );
  return performance.now() - start;
}

/** A fresh copy of the example: no run folders, no loader cache (what a user's very first click meets). */
function freshProject(root: string, name: string): string {
  const project = path.join(root, name);
  cpSync(path.join(REPO, "examples", "forecast"), project, { recursive: true, filter: (s) => !/node_modules|[\\/]data[\\/]|[\\/]\.gluepy/.test(s) });
  return project;
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), "gluepy-bench-ext-"));
  try {
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) cold.push(await firstTaskStartMs(freshProject(root, `cold-${i}`)));
    // What the extension's activation warm-up (client/src/prewarm.ts) leaves for the first click.
    const prewarmed: number[] = [];
    for (let i = 0; i < 3; i++) {
      const dir = freshProject(root, `prewarmed-${i}`);
      const warm = await runToEnd(cliInvocation(CLI, listArgs(dir), process.execPath), dir);
      if (warm.code !== 0) throw new Error(`gluepy list exited ${warm.code}: ${warm.stderr}`);
      prewarmed.push(await firstTaskStartMs(dir));
    }
    const project = freshProject(root, "forecast");
    await firstTaskStartMs(project); // warm-up: generates the example's raw data and the loader's cache
    const latencies: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      latencies.push(await firstTaskStartMs(project));
      floors.push(await nodeStartMs());
    }
    const latency = median(latencies);
    const floor = median(floors);
    report("extension-run", [
      { name: "spawn → first task-start, first run of a fresh copy (cold loader cache)", value: median(cold), unit: "ms", limit: 1000 },
      { name: "spawn → first task-start, first run of a fresh copy after the activation warm-up", value: median(prewarmed), unit: "ms", limit: 1000 },
      { name: "spawn → first task-start (example project)", value: latency, unit: "ms", limit: 1000 },
      { name: "Node start floor", value: floor, unit: "ms" },
      { name: "first task-start / Node start", value: latency / floor, unit: "x" },
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
