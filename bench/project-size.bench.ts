// Start of a 1-task DAG as the project grows (issue 10): 100, 1,000 and 10,000 tasks of the shape users
// write (bench/lib/realistic-project.ts), warm, against a bare `node -e ''` in the same rounds; the
// 10,000-task project's limit is 6×. Also, for the 10,000-task project: `gluepy list` (every task and DAG
// module runs), the first run ever (every module scanned), and the older one-class-in-a-loop shape.

import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { report, type Figure } from "./lib/measure";
import { loopProject, realisticProject } from "./lib/realistic-project";
import { loadAverage, startsVsFloor } from "./lib/start-timing";

const REPO = resolve(__dirname, "..");
const CLI = join(REPO, "dist/runtime/cli.js");
const RUNS = 7;

async function main() {
  if (!existsSync(CLI)) spawnSync("npm", ["run", "build"], { cwd: REPO, stdio: "inherit" });
  const sizes = [100, 1_000, 10_000];
  const projects = sizes.map((n) => realisticProject(n, `gluepy-bench-size-${n}-`));
  const loop = loopProject(10_000);
  const dirs = [...projects.map((p) => p.dir), loop.dir];
  console.log(`project-size: ${loadAverage()} (before), node ${process.version}`);
  try {
    const big = projects[2]!.dir;
    const dag = (dir: string) => [CLI, "--project", dir, "dag", "one"];
    const warm = startsVsFloor([...projects.map((p) => ({ args: dag(p.dir) })), { args: dag(loop.dir) }, { args: [CLI, "--project", big, "list", "--json"] }], RUNS);
    const [cold] = startsVsFloor([{ args: dag(big), prepare: () => rmSync(join(big, ".gluepy"), { recursive: true, force: true }) }], 3);
    const figures: Figure[] = [{ name: "node -e '' (floor)", value: warm[0]!.floor, unit: "ms" }];
    sizes.forEach((n, i) => {
      const c = warm[i]!;
      figures.push(
        { name: `${n}-task project, 1-task DAG, warm / floor`, value: c.ms / c.floor, unit: "x", ...(n === 10_000 ? { limit: 6 } : {}) },
        { name: `${n}-task project, 1-task DAG, warm / floor, CPU time`, value: c.cpuMs / c.cpuFloor, unit: "x" },
        { name: `${n}-task project, 1-task DAG, peak RSS`, value: c.rssMb, unit: "MB" },
      );
    });
    const [, , , loopShape, list] = warm;
    figures.push(
      { name: "10000 tasks made by one class in a loop, 1-task DAG, warm / floor", value: loopShape!.ms / loopShape!.floor, unit: "x" },
      { name: "10000-task project, gluepy list --json, warm / floor", value: list!.ms / list!.floor, unit: "x" },
      { name: "10000-task project, 1-task DAG, first run ever (every module scanned) / floor", value: cold!.ms / cold!.floor, unit: "x" },
    );
    report("project-size", figures);
    console.log(`project-size: ${loadAverage()} (after)`);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

void main();
