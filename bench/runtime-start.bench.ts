// Start of `gluepy dag <one-task DAG>` in a 100-task project of the shape users write (bench/lib/
// realistic-project.ts: classes declared one by one across files, each DAG in a file of its own), against
// a bare `node -e ''` measured in the same rounds (issue 10): warm (limit 1.5×), the first run after an edit
// of the task file the DAG imports (limit 2×: only that module is scanned again and the DAG's bundle
// rebuilt), after an edit of a file the DAG does not import, and with no cache at all. Extra rows: the
// older shape (every task imported by the one file that also holds the 1-task DAG), and `gluepy --help`.
// GLUEPY_START_BASELINE=<another build's cli.js> adds that build's warm start, measured in the same
// rounds, for before/after figures (copy dist/ under node_modules/.cache so it finds esbuild).

import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { report } from "./lib/measure";
import { realisticProject } from "./lib/realistic-project";
import { loadAverage, startsVsFloor, type Comparison } from "./lib/start-timing";

const REPO = resolve(__dirname, "..");
const CLI = join(REPO, "dist/runtime/cli.js");
const TASKS = 100;
const RUNS = 11;

/** The shape this bench measured before issue 10: one file imports all 100 tasks and holds both DAGs. */
function allInOneDagFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "gluepy-bench-start-old-"));
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

const ratio = (c: Comparison) => c.ms / c.floor;

async function main() {
  if (!existsSync(CLI)) spawnSync("npm", ["run", "build"], { cwd: REPO, stdio: "inherit" });
  const project = realisticProject(TASKS, "gluepy-bench-start-");
  const old = allInOneDagFile();
  let edits = 0;
  // A real edit: new content (so new facts and a new bundle), as a user's save would make.
  const edit = (file: string) => () => appendFileSync(file, `// edit ${++edits}\n`);
  console.log(`runtime-start: ${loadAverage()} (before), node ${process.version}`);
  try {
    const dag = (dir: string) => [CLI, "--project", dir, "dag", "one"];
    const baselineCli = process.env.GLUEPY_START_BASELINE;
    const [warm, oldShape, baseline] = startsVsFloor(
      [{ args: dag(project.dir) }, { args: dag(old) }, ...(baselineCli ? [{ args: [resolve(baselineCli), ...dag(project.dir).slice(1)] }] : [])],
      RUNS,
    );
    const [edited] = startsVsFloor([{ args: dag(project.dir), prepare: edit(project.editedFile) }], RUNS);
    const [editedElsewhere] = startsVsFloor([{ args: dag(project.dir), prepare: edit(join(project.dir, "src/tasks/tasks050.ts")) }], RUNS);
    const [cold] = startsVsFloor([{ args: dag(project.dir), prepare: () => rmSync(join(project.dir, ".gluepy"), { recursive: true, force: true }) }], RUNS);
    const [help] = startsVsFloor([{ args: [CLI, "--help"] }], RUNS);
    report("runtime-start", [
      { name: "node -e '' (floor)", value: warm!.floor, unit: "ms" },
      { name: "gluepy dag one, 100-task project, warm", value: warm!.ms, unit: "ms" },
      { name: "warm start / floor", value: ratio(warm!), unit: "x", limit: 1.5 },
      { name: "warm start / floor, CPU time", value: warm!.cpuMs / warm!.cpuFloor, unit: "x" },
      { name: "warm start / floor, fastest of each", value: warm!.bestRatio, unit: "x" },
      { name: "first run after an edit of the task file the DAG imports / floor", value: ratio(edited!), unit: "x", limit: 2 },
      { name: "first run after an edit of the task file the DAG imports / floor, CPU time", value: edited!.cpuMs / edited!.cpuFloor, unit: "x" },
      { name: "first run after an edit of a file the DAG does not import / floor", value: ratio(editedElsewhere!), unit: "x" },
      { name: "no cache at all (first run ever) / floor", value: ratio(cold!), unit: "x" },
      { name: "older shape (all tasks imported by the DAG file), warm / floor", value: ratio(oldShape!), unit: "x" },
      ...(baseline
        ? [
            { name: "baseline build: warm start / floor", value: ratio(baseline), unit: "x" },
            { name: "baseline build: warm start / floor, fastest of each", value: baseline.bestRatio, unit: "x" },
          ]
        : []),
      { name: "gluepy --help / floor", value: ratio(help!), unit: "x" },
    ]);
    console.log(`runtime-start: ${loadAverage()} (after)`);
  } finally {
    rmSync(project.dir, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

void main();
