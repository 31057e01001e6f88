// Only the modules a command needs are executed (issue 15 item 7), through the built CLI: a module with
// top-level side effects that no DAG imports (a script, a migration, a task nobody uses) never runs under
// `list`, `dag`, `graph` or the worker-pool's processes; `dag X` does not run another DAG's module; the
// modules are found without executing anything, and settings `modules` narrows where they are looked for.

import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { collect, ensureBuilt, jsonLines, startCli, TempProject } from "../cli/support/cli";
import { startRedis, type TestRedis } from "../support/redis";

/** A module that leaves a file named `name` in the project's markers/ folder when it is executed. */
const marker = (name: string) =>
  `import { writeFileSync, mkdirSync } from "node:fs";\nmkdirSync(${JSON.stringify("markers")}, { recursive: true });\nwriteFileSync(${JSON.stringify(`markers/${name}`)}, "executed");\n`;

const FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "side-effects", private: true }),
  // Nothing imports these two: a script and an unused task, each with a top-level side effect.
  "src/scripts/migrate.ts": `${marker("migrate")}export const migrated = true;\n`,
  "src/tasks/unused.ts": `import { Task } from "gluepy";\n${marker("unused-task")}export class Unused extends Task {\n  run() {}\n}\n`,
  "src/tasks/prepare.ts": `import { Task } from "gluepy";\n${marker("prepare")}export class Prepare extends Task {\n  run() {}\n}\n`,
  // A base class: the DAG's task extends it across modules.
  "src/tasks/base.ts": 'import { Task } from "gluepy";\nexport abstract class BaseTask extends Task {\n  abstract run(): void;\n}\n',
  "src/tasks/report.ts": 'import { BaseTask } from "./base.js";\nexport class Report extends BaseTask {\n  static label = "report";\n  run() {}\n}\n',
  "src/dags/daily.ts": `import { DAG } from "gluepy";\nimport { Prepare } from "../tasks/prepare";\nimport { Report } from "../tasks/report";\n${marker("daily")}export class DailyDAG extends DAG {\n  static label = "daily";\n  static tasks = [Prepare, Report];\n}\n`,
  "src/dags/weekly.ts": `import * as gluepy from "gluepy";\n${marker("weekly")}export default class extends gluepy.DAG {\n  static label = "weekly";\n  static tasks = [];\n}\n`,
};

describe("only the modules a command needs are executed", function () {
  this.timeout(60_000);
  let project: TempProject;
  // Markers are written relative to the working directory: the project's.
  const run = (args: string[]) => project.run(args, { cwd: project.dir });
  const executed = () => (existsSync(join(project.dir, "markers")) ? readdirSync(join(project.dir, "markers")).sort() : []);

  before(() => ensureBuilt());
  beforeEach(() => (project = new TempProject(FILES)));
  afterEach(() => project.cleanup());

  it("`gluepy list` runs the modules that define Tasks and DAGs, never a script no DAG imports", async () => {
    const r = await run(["list", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const { dags } = jsonLines(r.stdout)[0] as { dags: { label: string }[] };
    assert.deepEqual(dags.map((d) => d.label), ["daily", "weekly"]);
    assert.deepEqual(executed(), ["daily", "prepare", "unused-task", "weekly"]);
  });

  it("`gluepy dag daily` runs only daily's module and what it imports (twice: from a cold and a warm cache)", async () => {
    for (let i = 0; i < 2; i++) {
      const r = await run(["dag", "daily", "--json"]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(executed(), ["daily", "prepare"]);
    }
  });

  it("after `gluepy list` (the extension's pre-warm), `gluepy dag daily` finds its bundle compiled: no bundle is built", async () => {
    assert.equal((await run(["list", "--json"])).code, 0);
    // Bundles, their maps and manifests (V8's code cache of a bundle is written by its first run).
    const cached = () => readdirSync(join(project.dir, ".gluepy/cache")).filter((f) => !f.endsWith(".v8")).sort();
    const before = cached();
    const r = await run(["dag", "daily", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(cached(), before);
  });

  it("`gluepy graph daily` runs only daily's module and what it imports", async () => {
    const r = await run(["graph", "daily", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(executed(), ["daily", "prepare"]);
  });

  it("the worker-pool's processes run no module that no DAG imports", async () => {
    const r = await run(["dag", "daily", "--executor", "worker-pool", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(executed(), ["daily", "prepare"]);
  });

  it("a BullMQ `gluepy worker` runs the modules that define Tasks and DAGs, never a script no DAG imports", async () => {
    let redis: TestRedis | undefined;
    try {
      redis = await startRedis();
      const worker = startCli(["--project", project.dir, "worker"], { cwd: project.dir, env: { GLUEPY_REDIS_URL: redis.url } });
      let stderr = "";
      await new Promise<void>((resolve, reject) => {
        worker.stderr!.setEncoding("utf8").on("data", (d: string) => {
          stderr += d;
          if (stderr.includes("gluepy worker: ready")) resolve();
        });
        worker.once("exit", (code) => reject(new Error(`gluepy worker exited ${code}: ${stderr}`)));
      });
      worker.kill("SIGTERM");
      await collect(worker);
      assert.deepEqual(executed(), ["daily", "prepare", "unused-task", "weekly"]);
    } finally {
      await redis?.stop();
    }
  });

  it("an unknown DAG label: the labels there are are suggested, and no script runs", async () => {
    const r = await run(["dag", "dayly"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /daily/);
    assert.ok(!executed().includes("migrate"));
  });

  it("a DAG whose label is computed (not a literal) is still found: by running the modules that define DAGs", async () => {
    project.write({ "src/dags/computed.ts": 'import { DAG } from "gluepy";\nimport { Prepare } from "../tasks/prepare";\nconst kind = "month";\nexport class MonthlyDAG extends DAG {\n  static label = `${kind}ly`;\n  static tasks = [Prepare];\n}\n' });
    const r = await run(["dag", "monthly", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!executed().includes("migrate"));
  });

  it("an edit that makes a module import the script runs it from then on (the facts follow the files)", async () => {
    assert.equal((await run(["dag", "weekly"])).code, 0);
    assert.deepEqual(executed(), ["weekly"]);
    project.write({ "src/dags/weekly.ts": `import * as gluepy from "gluepy";\nimport "../scripts/migrate";\nexport default class extends gluepy.DAG {\n  static label = "weekly";\n  static tasks = [];\n}\n` });
    assert.equal((await run(["dag", "weekly"])).code, 0);
    assert.deepEqual(executed(), ["migrate", "weekly"]);
  });

  it("settings `modules` names where Tasks and DAGs are: nothing else is scanned or run", async () => {
    project.write({ "gluepy.config.ts": 'export default { modules: ["src/dags/weekly.ts"] };\n' });
    const r = await run(["list", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const { dags } = jsonLines(r.stdout)[0] as { dags: { label: string }[] };
    assert.deepEqual(dags.map((d) => d.label), ["weekly"]);
    assert.deepEqual(executed(), ["weekly"]);
  });

  it("settings `modules` naming a missing file: exit 2 naming the setting", async () => {
    project.write({ "gluepy.config.ts": 'export default { modules: ["src/nowhere"] };\n' });
    const r = await run(["list"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Setting 'modules' in .*gluepy\.config\.ts names .*src\/nowhere, which does not exist/);
  });
});
