// The static side of "run only what was asked for": facts read from esbuild's JS output of each module
// (nothing executed), the project index built from them with shared/task-classes' rule, and which modules
// a command then runs. In memory: modules are source texts, resolution a lookup.

import assert from "node:assert/strict";
import { transformSync } from "esbuild";
import { readModuleFacts } from "../../src/loader/module-facts";
import { importClosure, indexProject, modulesFor, type ScannedModule } from "../../src/loader/project-index";

/** Scans source texts by path ("/p/src/x.ts") as the loader does; relative imports resolve among them. */
function index(sources: Record<string, string>) {
  const modules = new Map<string, ScannedModule>();
  for (const [file, text] of Object.entries(sources)) {
    try {
      modules.set(file, { facts: readModuleFacts(transformSync(text, { loader: "ts", target: "esnext" }).code) });
    } catch (error) {
      modules.set(file, { error: String(error) });
    }
  }
  const resolveModule = (from: string, spec: string) => {
    if (!spec.startsWith(".")) return undefined;
    const base = new URL(spec, `file://${from}`).pathname.replace(/\.js$/, "");
    return [base, `${base}.ts`, `${base}/index.ts`].find((f) => f in sources);
  };
  return indexProject(modules, resolveModule);
}

describe("project index (static facts, nothing executed)", () => {
  it("finds Tasks and DAGs through subclass chains across modules, aliases, namespaces, re-exports and anonymous default exports", () => {
    const idx = index({
      "/p/src/base.ts": 'import * as g from "gluepy";\nexport abstract class BaseTask extends g.Task {\n  abstract run(): void;\n}\n',
      "/p/src/barrel.ts": 'export { BaseTask as Base } from "./base";\nexport * from "./more";\n',
      "/p/src/more.ts": 'import { DAG as Dag } from "gluepy";\nexport class BaseDAG extends Dag {}\n',
      "/p/src/tasks.ts": 'import { Base } from "./barrel.js";\nexport class Report extends Base {\n  static label = "report";\n  run() {}\n}\nclass Hidden extends Base {\n  run() {}\n}\n',
      "/p/src/prep.ts": 'import { Task } from "gluepy";\nexport default class extends Task {\n  run() {}\n}\n',
      "/p/src/dags.ts": 'import { BaseDAG } from "./barrel";\nimport { Report } from "./tasks";\nexport class Daily extends BaseDAG {\n  static label = "daily";\n  static tasks = [Report];\n}\n',
      "/p/src/script.ts": 'import { writeFileSync } from "node:fs";\nwriteFileSync("x", "y");\n',
    });
    assert.deepEqual(idx.dags, { "/p/src/dags.ts": ["daily"] });
    assert.deepEqual(idx.tasks.sort(), ["/p/src/prep.ts", "/p/src/tasks.ts"]);
    assert.deepEqual(modulesFor(idx, { dag: "daily" }), ["/p/src/dags.ts"]);
    assert.deepEqual(modulesFor(idx, { all: true }), ["/p/src/dags.ts", "/p/src/prep.ts", "/p/src/tasks.ts"]);
    assert.deepEqual(importClosure(idx, ["/p/src/dags.ts"]), ["/p/src/barrel.ts", "/p/src/base.ts", "/p/src/dags.ts", "/p/src/more.ts", "/p/src/tasks.ts"]);
  });

  it("type-only imports are no edges (esbuild erases them, as Node would never run those modules)", () => {
    const idx = index({
      "/p/src/types.ts": 'import "./side-effect";\nexport interface Row { n: number }\n',
      "/p/src/side-effect.ts": "console.log('ran');\n",
      "/p/src/dags.ts": 'import { DAG } from "gluepy";\nimport type { Row } from "./types";\nimport { type Row as R2 } from "./types";\nexport class D extends DAG {\n  static tasks = [];\n}\n',
    });
    assert.deepEqual(importClosure(idx, modulesFor(idx, { dag: "d" })), ["/p/src/dags.ts"]);
  });

  it("a DAG label that is not a literal: that module runs for any label; an unknown label runs every DAG module, and unreadable ones", () => {
    const idx = index({
      "/p/src/a.ts": 'import { DAG } from "gluepy";\nexport class A extends DAG {\n  static label = "a";\n  static tasks = [];\n}\n',
      "/p/src/b.ts": 'import { DAG } from "gluepy";\nconst name = "b";\nexport class B extends DAG {\n  static label = name;\n  static tasks = [];\n}\n',
      "/p/src/c.ts": 'import { DAG } from "gluepy";\nexport class C extends DAG {\n  static label = "c";\n  static tasks = [];\n}\n',
      "/p/src/broken.ts": "export const x = ;\n",
    });
    assert.deepEqual(idx.dags["/p/src/b.ts"], [null]);
    assert.deepEqual(idx.unreadable, ["/p/src/broken.ts"]);
    assert.deepEqual(modulesFor(idx, { dag: "a" }), ["/p/src/a.ts", "/p/src/b.ts"]);
    assert.deepEqual(modulesFor(idx, { dag: "zzz" }), ["/p/src/a.ts", "/p/src/b.ts", "/p/src/broken.ts", "/p/src/c.ts"]);
  });

  it("a class extending a library's class, or nothing, is neither (the language server's rule); a DAG base without label or tasks is not registered", () => {
    const idx = index({
      "/p/src/x.ts": 'import { Model } from "some-lib";\nimport { DAG } from "gluepy";\nexport class M extends Model {\n  run() {}\n}\nexport class Plain {\n  run() {}\n}\nexport class SharedDAG extends DAG {}\n',
    });
    assert.deepEqual(idx, { dags: {}, tasks: [], unreadable: [], imports: {}, packages: { "/p/src/x.ts": ["some-lib"] } });
  });
});
