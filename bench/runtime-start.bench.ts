// Cold start of `gluepy dag <one-task DAG>` in a generated 100-task project (no node_modules), against
// a bare `node -e ''` measured in the same run, alternately. Warm transform cache is the normal case (limit 2×);
// the first start after an edit of every file (cold cache) is reported too.
// GLUEPY_START_BASELINE=<another build's cli.js> adds that build's warm start, measured in the same
// rounds, for before/after figures (copy dist/ under node_modules/.cache so it finds esbuild).

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { median, report } from "./lib/measure";

const REPO = resolve(__dirname, "..");
const CLI = join(REPO, "dist/runtime/cli.js");
const TASKS = 100;
const RUNS = 11;

function generateProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "gluepy-bench-start-"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bench-start", private: true }));
  const names: string[] = [];
  for (let i = 0; i < TASKS; i++) {
    const name = `Task${String(i).padStart(3, "0")}`;
    names.push(name);
    writeFileSync(
      join(dir, "src", `${name.toLowerCase()}.ts`),
      `import { Task } from "gluepy";\n\nexport class ${name} extends Task {\n  static label = "t${i}";\n  async run(): Promise<number> {\n    return ${i};\n  }\n}\n`,
    );
  }
  writeFileSync(
    join(dir, "src/dags.ts"),
    `import { DAG } from "gluepy";\n${names.map((n) => `import { ${n} } from "./${n.toLowerCase()}";`).join("\n")}\n\n` +
      `export class OneDAG extends DAG {\n  static label = "one";\n  static tasks = [${names[0]}];\n}\n\n` +
      `export class AllDAG extends DAG {\n  static label = "all";\n  static tasks = [${names.join(", ")}];\n}\n`,
  );
  return dir;
}

/** Wall time, and CPU time (user + system, from /usr/bin/time) which a loaded machine disturbs less. */
function timeOnce(args: string[]): { ms: number; cpuMs: number } {
  const start = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%U %S", process.execPath, ...args], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const [user, sys] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { ms, cpuMs: (user! + sys!) * 1000 };
}

interface Comparison {
  ms: number;
  floor: number;
  cpuMs: number;
  cpuFloor: number;
  /** Fastest start / fastest floor: the cost with the least interference from other processes. */
  bestRatio: number;
}

/**
 * Medians of the start and of the floor, measured alternately (this machine's load changes by the
 * second; interleaving gives both the same conditions). `prepare` runs before each start, untimed.
 */
function startVsFloor(args: string[], prepare: () => void = () => {}): Comparison {
  return startsVsFloor([args], prepare)[0]!;
}

/** Like startVsFloor for several commands, each timed in every round (same conditions for all). */
function startsVsFloor(commands: string[][], prepare: () => void = () => {}): Comparison[] {
  const starts = commands.map(() => [] as { ms: number; cpuMs: number }[]);
  const floors: { ms: number; cpuMs: number }[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const round = commands.map((args) => {
      prepare();
      return timeOnce(args);
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
    bestRatio: Math.min(...s.map((x) => x.ms)) / fastestFloor,
  }));
}

async function main() {
  if (!existsSync(CLI)) spawnSync("npm", ["run", "build"], { cwd: REPO, stdio: "inherit" });
  const dir = generateProject();
  try {
    const dag = [CLI, "--project", dir, "dag", "one"];
    const baselineCli = process.env.GLUEPY_START_BASELINE;
    const [warm, baseline] = startsVsFloor(baselineCli ? [dag, [resolve(baselineCli), ...dag.slice(1)]] : [dag]);
    const cold = startVsFloor(dag, () => rmSync(join(dir, ".gluepy"), { recursive: true, force: true }));
    const help = startVsFloor([CLI, "--help"]);
    report("runtime-start", [
      { name: "node -e '' (floor)", value: warm.floor, unit: "ms" },
      { name: "gluepy dag one, 100-task project, warm transform cache", value: warm.ms, unit: "ms" },
      { name: "warm start / floor", value: warm.ms / warm.floor, unit: "x", limit: 2 },
      { name: "warm start / floor, CPU time", value: warm.cpuMs / warm.cpuFloor, unit: "x" },
      { name: "warm start / floor, fastest of each", value: warm.bestRatio, unit: "x" },
      ...(baseline
        ? [
            { name: "baseline build: warm start / floor", value: baseline.ms / baseline.floor, unit: "x" },
            { name: "baseline build: warm start / floor, fastest of each", value: baseline.bestRatio, unit: "x" },
          ]
        : []),
      { name: "cold transform cache / floor", value: cold.ms / cold.floor, unit: "x" },
      { name: "gluepy --help / floor", value: help.ms / help.floor, unit: "x" },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
