// The index over several in-memory files: subclass chains through any import form, DAG graphs from
// shared/resolve-dag.ts, workspace-wide labels, and incremental re-checks of only what an edit touches.

import * as assert from "node:assert/strict";
import { fileProblems } from "../../src/diagnostics/file-problems";
import { extractFacts } from "../../src/index/extract-facts";
import { classKey } from "../../src/index/symbols";
import { WorkspaceIndex } from "../../src/index/workspace-index";

const uri = (p: string) => `file://${p}`;

function indexOf(files: Record<string, string>) {
  const index = new WorkspaceIndex({ pathMappingFor: () => undefined, workspacePackage: () => undefined, projectOf: () => "/" });
  index.load(Object.entries(files).map(([path, text]) => ({ path, uri: uri(path), facts: extractFacts(path, text) })));
  return index;
}

function edit(index: WorkspaceIndex, path: string, text: string) {
  return index.update(path, uri(path), extractFacts(path, text));
}

const codes = (index: WorkspaceIndex, path: string) => fileProblems(index, path).map((p) => p.code);

const TASKS = `import { Task as T } from "gluepy";
export class BaseTask extends T { async run() {} }
export class DataTask extends BaseTask { static label = "data"; }
export class TrainTask extends BaseTask {}
`;

describe("WorkspaceIndex", () => {
  it("follows subclass chains and barrels back to gluepy's Task and DAG, however imported", () => {
    const index = indexOf({
      "/w/tasks.ts": TASKS,
      "/w/barrel/index.ts": `export * from "../tasks.js";\nexport { DAG as Dag } from "gluepy";\n`,
      "/w/dags.ts": `import * as g from "./barrel";\nimport { Dag } from "./barrel/index.js";\nexport class Training extends Dag {\n  static tasks = [g.DataTask, g.TrainTask];\n}\n`,
    });
    assert.equal(index.classInfo(classKey("/w/tasks.ts", "DataTask"))?.kind, "task");
    const graph = index.graph(classKey("/w/dags.ts", "Training"));
    assert.deepEqual(graph?.nodes.map((n) => n.label), ["data", "traintask"]);
    assert.deepEqual(graph?.edges, [["data", "traintask"]]);
    assert.equal(graph?.nodes[0].loc?.uri, "file:///w/tasks.ts");
    assert.deepEqual(codes(index, "/w/dags.ts"), []);
  });

  it("does not take a class that extends something else for a Task", () => {
    const index = indexOf({ "/w/a.ts": `import { Task } from "other-lib";\nexport class NotOurs extends Task {}\nclass Plain {}\n` });
    assert.deepEqual(index.classesIn("/w/a.ts"), []);
  });

  it("reports each problem code at the entry that causes it", () => {
    const index = indexOf({
      "/w/tasks.ts": TASKS,
      "/w/dags.ts": `import { DAG } from "gluepy";\nimport { DataTask, TrainTask } from "./tasks";\n` +
        `export class Bad extends DAG { static tasks = [DataTask, Missing, DataTask, TrainTask.after(BaseTask2)]; }\n` +
        `export class Cyc extends DAG { static tasks = [DataTask.after(TrainTask), TrainTask.after(DataTask)]; }\n` +
        `export class Empty extends DAG { static tasks = []; }\n` +
        `export class Dyn extends DAG { static tasks = build(); }\n`,
    });
    const problems = fileProblems(index, "/w/dags.ts");
    assert.deepEqual(problems.map((p) => p.code).sort(), ["cycle", "duplicate-task", "empty-dag", "not-static", "unknown-task", "unknown-task"]);
    const cycle = problems.find((p) => p.code === "cycle")!;
    assert.match(cycle.message, /data → traintask → data/);
    assert.equal(cycle.related.length, 2);
    const dup = problems.find((p) => p.code === "duplicate-task")!;
    assert.equal(dup.loc?.range.start.character, 66);
    assert.equal(dup.related[0].loc?.range.start.character, 47);
  });

  it("reports duplicate labels across files, each pointing at the other", () => {
    const index = indexOf({
      "/w/a.ts": `import { Task } from "gluepy";\nexport class A extends Task { static label = "same"; run() {} }\n`,
      "/w/b.ts": `import { Task } from "gluepy";\nexport class B extends Task { static label = "same"; run() {} }\n`,
    });
    const [pa] = fileProblems(index, "/w/a.ts");
    assert.equal(pa.code, "duplicate-label");
    assert.equal(pa.related[0].loc?.uri, "file:///w/b.ts");
    const change = edit(index, "/w/b.ts", `import { Task } from "gluepy";\nexport class B extends Task { static label = "other"; run() {} }\n`);
    assert.ok(change.files.has("/w/a.ts"), "the other file is re-published once the duplicate is gone");
    assert.deepEqual(codes(index, "/w/a.ts"), []);
  });

  it("re-checks a DAG in another file when the task it imports is renamed, and clears it when restored", () => {
    const dag = `import { DAG } from "gluepy";\nimport { DataTask } from "./tasks";\nexport class D extends DAG { static tasks = [DataTask]; }\n`;
    const index = indexOf({ "/w/tasks.ts": TASKS, "/w/dags.ts": dag, "/w/other.ts": `import { DAG } from "gluepy";\nexport class O extends DAG { static tasks = []; }\n` });
    assert.deepEqual(codes(index, "/w/dags.ts"), []);
    const broken = edit(index, "/w/tasks.ts", TASKS.replace("class DataTask", "class DataTask2"));
    assert.deepEqual([...broken.files].sort(), ["/w/dags.ts", "/w/tasks.ts"]);
    assert.deepEqual([...broken.dags], ["d"]);
    assert.deepEqual(codes(index, "/w/dags.ts"), ["unknown-task"]);
    edit(index, "/w/tasks.ts", TASKS);
    assert.deepEqual(codes(index, "/w/dags.ts"), []);
  });

  it("inlines sub-DAGs and reports a sub-DAG cycle with its path", () => {
    const index = indexOf({
      "/w/tasks.ts": TASKS,
      "/w/dags.ts": `import { DAG } from "gluepy";\nimport { DataTask, TrainTask } from "./tasks";\n` +
        `export class Inner extends DAG { static label = "inner"; static tasks = [TrainTask]; }\n` +
        `export class Outer extends DAG { static label = "outer"; static tasks = [DataTask, Inner]; }\n` +
        `export class A extends DAG { static label = "a"; static tasks = [B]; }\n` +
        `export class B extends DAG { static label = "b"; static tasks = [A]; }\n`,
    });
    const outer = index.graph(classKey("/w/dags.ts", "Outer"))!;
    assert.deepEqual(outer.groups.map((g) => g.id), ["inner"]);
    assert.deepEqual(outer.edges, [["data", "traintask"]]);
    const a = index.graph(classKey("/w/dags.ts", "A"))!;
    assert.deepEqual(a.problems.map((p) => p.path), [["a", "b", "a"]]);
  });

  it("a file that appears makes a dangling import resolve", () => {
    const index = indexOf({ "/w/dags.ts": `import { DAG } from "gluepy";\nimport { DataTask } from "./tasks";\nexport class D extends DAG { static tasks = [DataTask]; }\n` });
    assert.deepEqual(codes(index, "/w/dags.ts"), ["unknown-task"]);
    edit(index, "/w/tasks.ts", TASKS);
    assert.deepEqual(codes(index, "/w/dags.ts"), []);
  });

  it("keeps a class out of the index when its own inheritance is circular", () => {
    const index = indexOf({ "/w/a.ts": `class A extends B {}\nclass B extends A {}\n` });
    assert.deepEqual(index.classesIn("/w/a.ts"), []);
  });
});

describe("WorkspaceIndex inheritance of static members", () => {
  it("a DAG subclass without its own tasks runs its base DAG's tasks, under its own label", () => {
    const index = indexOf({
      "/w/tasks.ts": TASKS,
      "/w/base.ts": `import { DAG } from "gluepy";\nimport { DataTask } from "./tasks";\nexport class BaseDag extends DAG { static label = "base"; static tasks = [DataTask]; }\n`,
      "/w/sub.ts": `import { BaseDag } from "./base";\nexport class SubDag extends BaseDag {}\n`,
    });
    const g = index.graph(classKey("/w/sub.ts", "SubDag"))!;
    assert.equal(g.dag, "subdag");
    assert.deepEqual(g.nodes.map((n) => n.label), ["data"]);
    assert.deepEqual(codes(index, "/w/sub.ts"), []);
    edit(index, "/w/base.ts", `import { DAG } from "gluepy";\nexport class BaseDag extends DAG { static label = "base"; static tasks = []; }\n`);
    assert.deepEqual(codes(index, "/w/sub.ts"), ["empty-dag"]);
  });
});

describe("WorkspaceIndex: tasks in namespaces and class expressions", () => {
  it("resolves `Jobs.T` to a class in a namespace (also imported) and a `const T = class extends Task`", () => {
    const index = indexOf({
      "/w/jobs.ts": `import { Task } from "gluepy";\nexport namespace Jobs {\n  export class NsTask extends Task { static label = "ns"; run() {} }\n}\nexport const ExprTask = class extends Task { run() {} };\n`,
      "/w/dags.ts": `import { DAG } from "gluepy";\nimport { Jobs, ExprTask } from "./jobs";\nexport class D extends DAG { static tasks = [Jobs.NsTask, ExprTask, Jobs.Missing]; }\n`,
    });
    const g = index.graph(classKey("/w/dags.ts", "D"))!;
    assert.deepEqual(g.nodes.map((n) => [n.label, n.className]), [["ns", "NsTask"], ["exprtask", "ExprTask"]]);
    assert.deepEqual(g.problems.map((p) => p.message.split(" ")[0]), ["'Jobs.Missing'"]);
  });
});
