// What listing runs costs (`gluepy runs --json`, which the editor's Runs view, Retry Failed and the
// experiments view read): 500 runs of a 10-task DAG with 20 metrics each. In process, the run-folder module
// against reading the same files with plain fs calls (floor); end to end, the CLI against its own bare start.

import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { listRunFolders } from "../runtime/src/files/run-folders";
import { median, report, timeCommandMs, timeMs } from "./lib/measure";

const RUNS = 500;
const TASKS = 10;
const METRICS = 20;
const CLI = path.resolve(__dirname, "..", "dist", "runtime", "cli.js");

async function writeRuns(root: string): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const runId = `20261204T${String(100000 + i)}Z-b${String(i).padStart(3, "0")}`;
    const folder = path.join(root, "runs", "2026", "12", "04", runId);
    await fs.mkdir(path.join(folder, ".gluepy"), { recursive: true });
    const order = Array.from({ length: TASKS }, (_, t) => `task${t}`);
    const tasks = Object.fromEntries(order.map((t) => [t, { status: "succeeded", attempts: 1, durationMs: 12 }]));
    const state = { runId, runFolder: `runs/2026/12/04/${runId}`, dag: "training", status: "succeeded", startedAt: new Date(1_764_806_400_000 + i * 1000).toISOString(), durationMs: 480, order, edges: [], tasks, metrics: {} };
    const metrics = Object.fromEntries(Array.from({ length: METRICS }, (_, m) => [`metric${m}`, i + m / 100]));
    const context = `gluepy:\n  runId: ${runId}\nmodel:\n  depth: ${i % 7}\n  rate: 0.01\ndata:\n  days: 730\n  stores: [north, south]\n`;
    const written: [string, string][] = [
      [path.join(folder, ".gluepy", "state.json"), JSON.stringify(state)],
      [path.join(folder, "metrics.json"), JSON.stringify(metrics)],
      [path.join(folder, "context.yaml"), context],
    ];
    for (const [file, text] of written) {
      await fs.writeFile(file, text);
      files.push(file);
    }
  }
  return files;
}

async function main() {
  const project = await fs.mkdtemp(path.join(os.tmpdir(), "gluepy-bench-runs-"));
  try {
    await fs.writeFile(path.join(project, "package.json"), JSON.stringify({ name: "runs-bench", private: true }));
    const root = path.join(project, "data");
    const files = await writeRuns(root);
    const settings = { storage: { backend: "local" as const }, storageRoot: root };

    const ratios: number[] = [];
    const moduleTimes: number[] = [];
    const floorTimes: number[] = [];
    for (let round = 0; round < 7; round++) {
      const floor = await timeMs(() => Promise.all(files.map((f) => fs.readFile(f, "utf8").then((t) => (f.endsWith(".yaml") ? t : JSON.parse(t))))), 1, round === 0 ? 1 : 0);
      const listed = await timeMs(() => listRunFolders(settings), 1, round === 0 ? 1 : 0);
      ratios.push(listed / floor);
      moduleTimes.push(listed);
      floorTimes.push(floor);
    }
    const check = await listRunFolders(settings);
    if (check.runs.length !== RUNS || Object.keys(check.runs[0]!.metrics).length !== METRICS) throw new Error("the listing is incomplete");

    const cliStart = await timeCommandMs(process.execPath, [CLI, "--version"], { cwd: project }, 5);
    const cliRuns = await timeCommandMs(process.execPath, [CLI, "--project", project, "runs", "--json"], { cwd: project }, 5);

    report("runs-listing", [
      { name: `listRunFolders, ${RUNS} runs (in process)`, value: median(moduleTimes), unit: "ms" },
      { name: `plain fs read of the same ${files.length} files (floor)`, value: median(floorTimes), unit: "ms" },
      { name: "listRunFolders / floor (median of paired rounds)", value: median(ratios), unit: "x" },
      { name: "gluepy runs --json, end to end", value: cliRuns, unit: "ms" },
      { name: "gluepy --version (bare CLI start)", value: cliStart, unit: "ms" },
      { name: "gluepy runs --json / bare CLI start", value: cliRuns / cliStart, unit: "x" },
      { name: "load average (1 min) at the end", value: os.loadavg()[0]!, unit: "" },
    ]);
  } finally {
    await fs.rm(project, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
