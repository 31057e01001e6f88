// `gluepy airflow generate` and `gluepy airflow start` through the real CLI: the generated file is then
// "run" the way Airflow would: every task's command, read back from the file with Python's ast, in
// dependency order, with the start task's XCom value put where the template pulls it.

import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { topologicalOrder } from "../../../shared/topo";
import { type FixtureProject, writeFixtureProject, writeProject } from "./fixture-project";
import { gluepy } from "./gluepy-cli";
import { waitForExit } from "./process";
import { readAirflowDag } from "./read-generated-python";

const XCOM_PULL = "{{ ti.xcom_pull(task_ids='gluepy_start') }}";

describe("gluepy airflow (CLI)", function () {
  this.timeout(120_000);
  let project: FixtureProject | undefined;
  afterEach(() => project?.cleanup());

  async function cli(args: string[]) {
    const p = gluepy(args, { project: project!.dir, env: {} });
    const code = await waitForExit(p.child, 60_000);
    return { code, stdout: p.stdout(), stderr: p.stderr() };
  }

  it("generates files whose tasks, run as Airflow would, complete the DAG in one run folder", async () => {
    project = writeFixtureProject(
      "diamond",
      [
        { label: "load", deps: [] },
        { label: "left", deps: ["load"] },
        { label: "right", deps: ["load"] },
        { label: "merge", deps: ["left", "right"] },
      ],
      `{ airflow: { prefix: "team_" }, image: { name: "forecast:2" } }`,
    );
    const dest = join(project.dir, "airflow-dags");
    const gen = await cli(["airflow", "generate", dest]);
    assert.equal(gen.code, 0, gen.stderr);
    const file = join(dest, "team_diamond.py");
    const back = readAirflowDag(file);
    assert.equal(back.constants.IMAGE, "forecast:2");

    // Airflow's order: a topological order of the file's own dependencies.
    const byId = new Map(Object.values(back.tasks).map((t) => [t.task_id, t.arguments]));
    const order = topologicalOrder([...byId.keys()], back.edges);
    assert.equal(order[0], "gluepy_start");
    const xcomFile = join(project.dir, "xcom", "return.json");
    let runFolder = "";
    for (const id of order) {
      let args = byId.get(id)!;
      if (id === "gluepy_start") args = args.map((a) => (a === "/airflow/xcom/return.json" ? xcomFile : a));
      else args = args.map((a) => (a === XCOM_PULL ? runFolder : a));
      const step = await cli(args);
      assert.equal(step.code, 0, `${id}: gluepy ${args.join(" ")}\n${step.stderr}`);
      if (id === "gluepy_start") {
        runFolder = JSON.parse(readFileSync(xcomFile, "utf8"));
        assert.equal(step.stdout.trim(), runFolder);
        assert.match(runFolder, /^runs\/\d{4}\/\d{2}\/\d{2}\/[^/]+$/);
        assert.ok(existsSync(join(project.storageRoot, runFolder, "context.yaml")));
      }
    }
    // Every task ran once, in that one folder, reading its upstream outputs from storage.
    assert.deepEqual(readdirSync(join(project.storageRoot, runFolder, "out")).sort(), ["left.txt", "load.txt", "merge.txt", "right.txt"]);
    assert.equal(readdirSync(join(project.storageRoot, "runs", ...runFolder.split("/").slice(1, 4))).length, 1, "one run folder");
  });

  it("writes the valid DAGs and exits 2 naming an invalid one; an unknown label is exit 2 with a suggestion", async () => {
    project = writeProject(`import { DAG, Task } from "gluepy";
class A extends Task { run() {} }
class B extends Task { run() {} }
export class Good extends DAG { static label = "good"; static tasks = [A, B]; }
export class Loop extends DAG { static label = "loop"; static tasks = [A.after(B), B.after(A)]; }
`);
    const dest = join(project.dir, "out");
    const all = await cli(["airflow", "generate", dest]);
    assert.equal(all.code, 2);
    assert.match(all.stderr, /DAG 'loop' is invalid[^]*cycle/);
    assert.deepEqual(readdirSync(dest), ["good.py"]);
    const typo = await cli(["airflow", "generate", dest, "godo"]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /did you mean 'good'/);
  });
});
