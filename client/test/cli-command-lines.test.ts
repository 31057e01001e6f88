// The command lines the extension runs: what the user picked and the settings, as DESIGN §3 flags.

import { strict as assert } from "node:assert";
import { airflowArgs, compareArgs, dagsterArgs, dagRunArgs, describeRun, startProjectArgs } from "../src/cli-command-lines";

describe("gluepy command lines", () => {
  it("runs a DAG with --json for the extension, without it for a terminal task", () => {
    assert.deepEqual(dagRunArgs("/p", { dag: "training" }), ["--project", "/p", "dag", "training", "--json"]);
    assert.deepEqual(dagRunArgs("/p", { dag: "training" }, {}, false), ["--project", "/p", "dag", "training"]);
  });

  it("retries the failed part of a run folder with --retry and --resume", () => {
    assert.deepEqual(dagRunArgs("/p", { dag: "t", retry: "/p/data/runs/x", resume: true }), ["--project", "/p", "dag", "t", "--retry", "/p/data/runs/x", "--resume", "--json"]);
  });

  it("passes task selection, patches, local patches and concurrency from the settings", () => {
    const args = dagRunArgs("/p", { dag: "t", fromTask: "train" }, { patches: ["a.yaml", "b.yaml"], localPatches: ["l.yaml"], concurrency: 3 });
    assert.deepEqual(args, ["--project", "/p", "dag", "t", "--from-task", "train", "--patch", "a.yaml", "--patch", "b.yaml", "--local-patch", "l.yaml", "--concurrency", "3", "--json"]);
  });

  it("leaves concurrency to the runtime when the setting is empty", () => {
    assert.ok(!dagRunArgs("/p", { dag: "t" }, { concurrency: null }).includes("--concurrency"));
  });

  it("refuses contradictory requests with a message", () => {
    assert.throws(() => dagRunArgs("/p", { dag: "t", task: "a", fromTask: "b" }), /either a task or a from-task/);
    assert.throws(() => dagRunArgs("/p", { dag: "t", resume: true }), /needs a run folder/);
  });

  it("builds compare, airflow and startproject commands", () => {
    assert.deepEqual(compareArgs("/p", "t", ["/r1", "/r2"]), ["--project", "/p", "dag", "t", "--compare", "/r1", "/r2"]);
    assert.throws(() => compareArgs("/p", "t", []), /at least one run/);
    assert.deepEqual(airflowArgs("/p", "airflow/dags"), ["--project", "/p", "airflow", "generate", "airflow/dags"]);
    assert.deepEqual(airflowArgs("/p", "out", "training"), ["--project", "/p", "airflow", "generate", "out", "training"]);
    assert.deepEqual(dagsterArgs("/p", "dagster"), ["--project", "/p", "dagster", "generate", "dagster"]);
    assert.deepEqual(dagsterArgs("/p", "out", "training"), ["--project", "/p", "dagster", "generate", "out", "training"]);
    assert.deepEqual(startProjectArgs("/x/new"), ["startproject", "/x/new"]);
  });

  it("describes a run in a few words", () => {
    assert.equal(describeRun({ dag: "training", task: "train", retry: "/r" }), "training, task train, retry");
    assert.equal(describeRun({ dag: "training", retry: "/r", resume: true }), "training, retry failed");
  });
});
