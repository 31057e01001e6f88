// Generates a large, valid Gluepy project on disk for the language-server benchmark: DAG files import
// their tasks from other files, and some task files are shared by exactly five DAGs.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface GeneratedWorkspace {
  root: string;
  /** Workspace-relative paths. */
  dagFiles: string[];
  taskFiles: string[];
  allFiles: string[];
  /** A task file imported by exactly `sharedBy.length` DAGs, and those DAGs' files. */
  shared: { taskFile: string; className: string; dagFiles: string[] };
}

export interface WorkspaceShape {
  dags: number;
  tasksPerDag: number;
  /** Plain modules (no gluepy classes) that tasks import helpers from. */
  helpers: number;
  /** How many consecutive DAGs share the first task of the first one of them. */
  shareGroup: number;
}

/** 1,000 DAGs, 8,000 tasks, 1,000 helper modules: 10,000 files of about 50 lines. */
export const ISSUE_SHAPE: WorkspaceShape = { dags: 1000, tasksPerDag: 8, helpers: 1000, shareGroup: 5 };

const taskClass = (i: number) => `Task${i}`;
const taskFile = (i: number) => `src/tasks/task-${i}.ts`;
const dagFile = (j: number) => `src/dags/dag-${j}.ts`;
const helperFile = (k: number) => `src/helpers/helper-${k}.ts`;

/** Numbered statements: realistic body text so each file is about 50 lines. */
function body(seed: number, indent: string): string {
  const lines: string[] = [];
  for (let n = 0; n < 30; n++) lines.push(`${indent}const v${n} = input.length * ${seed + n} + ${n}; // step ${n}`);
  return lines.join("\n");
}

function helperSource(k: number): string {
  return `// Helper module ${k}: plain functions, no gluepy classes.
export interface Row${k} {
  id: number;
  value: number;
}

export function scale${k}(input: number[]): number[] {
${body(k, "  ")}
  return input.map((x) => x * ${k + 1});
}

export function total${k}(rows: Row${k}[]): number {
  let sum = 0;
  for (const row of rows) sum += row.value;
  return sum;
}

export const NAME_${k} = "helper-${k}";
`;
}

function taskSource(i: number, helpers: number): string {
  const h = i % helpers;
  return `import { Task } from "gluepy";
import { scale${h}, total${h} } from "../helpers/helper-${h}";

/** Generated task ${i}. */
export class ${taskClass(i)} extends Task {
  static label = "task_${i}";
  static retries = ${i % 3};

  async run() {
    const input = scale${h}([1, 2, 3]);
${body(i, "    ")}
    return total${h}(input.map((value, id) => ({ id, value })));
  }

  describe(): string {
    return "task ${i} uses helper ${h}";
  }
}
`;
}

function dagSource(j: number, own: number[], extra: number | undefined): string {
  const all = extra === undefined ? own : [extra, ...own];
  const imports = all.map((i) => `import { ${taskClass(i)} } from "../tasks/task-${i}";`).join("\n");
  const [first, ...rest] = all.map(taskClass);
  const stage = rest.slice(0, 3);
  const chain = rest.slice(3, -1);
  const last = rest[rest.length - 1]!;
  return `import { DAG } from "gluepy";
${imports}

/** Generated DAG ${j}: a chain with a parallel stage and an explicit dependency. */
export class Dag${j} extends DAG {
  static label = "dag_${j}";
  static tasks = [
    ${first},
    [${stage.join(", ")}],
    ${chain.join(",\n    ")},
    ${last}.after(${first}),
  ];
}

export function describeDag${j}(input: number[]): string {
${body(j, "  ")}
  return "dag ${j}: " + input.length;
}
`;
}

export function generateWorkspace(root: string, shape: WorkspaceShape = ISSUE_SHAPE): GeneratedWorkspace {
  for (const dir of ["src/tasks", "src/dags", "src/helpers"]) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "generated", private: true, dependencies: { gluepy: "*" } }, null, 2));
  const dagFiles: string[] = [];
  const taskFiles: string[] = [];
  const helperFiles: string[] = [];
  for (let k = 0; k < shape.helpers; k++) {
    writeFileSync(join(root, helperFile(k)), helperSource(k));
    helperFiles.push(helperFile(k));
  }
  for (let i = 0; i < shape.dags * shape.tasksPerDag; i++) {
    writeFileSync(join(root, taskFile(i)), taskSource(i, shape.helpers));
    taskFiles.push(taskFile(i));
  }
  for (let j = 0; j < shape.dags; j++) {
    const own = Array.from({ length: shape.tasksPerDag }, (_, n) => j * shape.tasksPerDag + n);
    // DAGs g..g+shareGroup-1 all run the first task of DAG g: that task file is imported by shareGroup DAGs.
    const groupStart = j - (j % shape.shareGroup);
    const extra = j === groupStart ? undefined : groupStart * shape.tasksPerDag;
    writeFileSync(join(root, dagFile(j)), dagSource(j, own, extra));
    dagFiles.push(dagFile(j));
  }
  return {
    root,
    dagFiles,
    taskFiles,
    allFiles: [...helperFiles, ...taskFiles, ...dagFiles],
    shared: {
      taskFile: taskFile(0),
      className: taskClass(0),
      dagFiles: Array.from({ length: shape.shareGroup }, (_, j) => dagFile(j)),
    },
  };
}
