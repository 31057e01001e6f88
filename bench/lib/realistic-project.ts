// Generated projects of the shape users write (issue 10): Task classes declared one by one across 100
// files, and DAGs in files of their own under src/dags/: a 1-task DAG, a chain of every task, and parallel
// stages of 10 tasks each (each stage after the whole stage before: 100 edges between two stages; wider
// stages make a quadratic number of edges, which is the model's, not a loader cost). Also the shape older benches used, one class made in a loop,
// as an extra row. Each project is a temporary folder with a package.json and no node_modules.

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const TASK_FILES = 100;

export interface GeneratedProject {
  dir: string;
  /** A file of tasks the 1-task DAG imports (the one to edit for an "after an edit" figure). */
  editedFile: string;
  /** DAG labels: "one", "chain", "stages". */
  dags: readonly string[];
}

const taskName = (i: number) => `Task${String(i).padStart(5, "0")}`;

/** What each task's run() does: write its output through storage (the default), nothing (scheduling figures), or
 * work for a second and then write it (a task worth caching). */
export type TaskBody = "touch" | "noop" | "second";

/** `tasks` Task classes in TASK_FILES files (as evenly as they divide), and the three DAG files. */
export function realisticProject(tasks: number, prefix = "gluepy-bench-project-", body: TaskBody = "touch"): GeneratedProject {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, "src/tasks"), { recursive: true });
  mkdirSync(join(dir, "src/dags"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bench-project", private: true }));
  const files = Math.min(TASK_FILES, tasks);
  const perFile = Math.ceil(tasks / files);
  const fileOf = (i: number) => `tasks${String(Math.floor(i / perFile)).padStart(3, "0")}`;
  for (let f = 0; f * perFile < tasks; f++) {
    const classes: string[] = [];
    for (let i = f * perFile; i < Math.min(tasks, (f + 1) * perFile); i++) {
      classes.push(
        body === "noop"
          ? `export class ${taskName(i)} extends Task {\n  static label = "t${i}";\n  run(): void {}\n}\n`
          : `export class ${taskName(i)} extends Task {\n  static label = "t${i}";\n  async run(): Promise<void> {\n${body === "second" ? "    await new Promise((done) => setTimeout(done, 1000));\n" : ""}    await storage.touch("out/t${i}.txt", "${i}");\n  }\n}\n`,
      );
    }
    writeFileSync(join(dir, "src/tasks", `${fileOf(f * perFile)}.ts`), `import { Task, storage } from "gluepy";\n\n${classes.join("\n")}`);
  }
  const importAll = (names: string[]) => {
    const byFile = new Map<string, string[]>();
    names.forEach((n) => {
      const file = fileOf(Number(n.slice(4)));
      byFile.set(file, [...(byFile.get(file) ?? []), n]);
    });
    return [...byFile].map(([file, ns]) => `import { ${ns.join(", ")} } from "../tasks/${file}";`).join("\n");
  };
  const all = Array.from({ length: tasks }, (_, i) => taskName(i));
  const dag = (label: string, names: string[], entries: string) =>
    `import { DAG } from "gluepy";\n${importAll(names)}\n\nexport class ${label[0]!.toUpperCase()}${label.slice(1)}DAG extends DAG {\n  static label = "${label}";\n  static tasks = [${entries}];\n}\n`;
  writeFileSync(join(dir, "src/dags/one.ts"), dag("one", [all[0]!], all[0]!));
  writeFileSync(join(dir, "src/dags/chain.ts"), dag("chain", all, all.join(", ")));
  const stageSize = 10;
  const stages = Array.from({ length: Math.ceil(tasks / stageSize) }, (_, s) => `[${all.slice(s * stageSize, (s + 1) * stageSize).join(", ")}]`);
  writeFileSync(join(dir, "src/dags/stages.ts"), dag("stages", all, stages.join(", ")));
  return { dir, editedFile: join(dir, "src/tasks", `${fileOf(0)}.ts`), dags: ["one", "chain", "stages"] };
}

/** The older benches' shape: `tasks` tasks made by one class expression in a loop, in one file with the DAGs. */
export function loopProject(tasks: number, prefix = "gluepy-bench-loop-"): GeneratedProject {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bench-loop", private: true }));
  const file = join(dir, "src/chain.ts");
  writeFileSync(
    file,
    `import { DAG, Task } from "gluepy";

function noop(i: number) {
  const cls = class extends Task {
    static label = "t" + i;
    run() {}
  };
  Object.defineProperty(cls, "name", { value: "Noop" + i });
  return cls;
}

const tasks = Array.from({ length: ${tasks} }, (_, i) => noop(i));
export const all = Object.fromEntries(tasks.map((t) => [t.name, t]));

export class OneDAG extends DAG {
  static label = "one";
  static tasks = tasks.slice(0, 1);
}

export class ChainDAG extends DAG {
  static label = "chain";
  static tasks = tasks;
}
`,
  );
  return { dir, editedFile: file, dags: ["one", "chain"] };
}
