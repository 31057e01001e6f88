// Cold start of `gluepy dag <one-task DAG>` in a generated 100-task project (no node_modules), against
// a bare `node -e ''` measured in the same run. Warm transform cache is the normal case (limit 2×);
// the first start after an edit of every file (cold cache) is reported too.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { median, report, timeCommandMs } from "./lib/measure";

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

function timeStart(dir: string, clearCache: boolean): number {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    if (clearCache) rmSync(join(dir, ".gluepy"), { recursive: true, force: true });
    const start = performance.now();
    const r = spawnSync(process.execPath, [CLI, "--project", dir, "dag", "one"], { stdio: "ignore" });
    const ms = performance.now() - start;
    if (r.status !== 0) throw new Error(`gluepy dag one exited ${r.status}`);
    if (i > 0) times.push(ms);
  }
  return median(times);
}

async function main() {
  if (!existsSync(CLI)) spawnSync("npm", ["run", "build"], { cwd: REPO, stdio: "inherit" });
  const dir = generateProject();
  try {
    const floor = await timeCommandMs(process.execPath, ["-e", ""], {}, RUNS);
    const warm = timeStart(dir, false);
    const cold = timeStart(dir, true);
    const help = await timeCommandMs(process.execPath, [CLI, "--help"], {}, RUNS);
    report("runtime-start", [
      { name: "node -e '' (floor)", value: floor, unit: "ms" },
      { name: "gluepy dag one, 100-task project, warm transform cache", value: warm, unit: "ms" },
      { name: "warm start / floor", value: warm / floor, unit: "x", limit: 2 },
      { name: "cold transform cache / floor", value: cold / floor, unit: "x" },
      { name: "gluepy --help / floor", value: help / floor, unit: "x" },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
