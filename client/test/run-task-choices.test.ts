// "Run Task" cannot mislead: tasks in the order the DAG runs them, the run folder where the task's inputs
// exist offered first, and a failure of a task run without them names the upstream tasks to run.

import { strict as assert } from "node:assert";
import type { DagGraph } from "../../shared/dag-model";
import type { RunSummary } from "../../shared/run-summary";
import { missingUpstreamHint, runTaskChoices, tasksInRunOrder, upstreamOf } from "../src/run-task-choices";

const task = (label: string) => ({ label, className: `${label}Task`, eval: false, groups: [] });
// Declared alphabetically, run in another order: training_data → features → feature_stats, model.
const graph: Pick<DagGraph, "nodes" | "edges"> = {
  nodes: ["feature_stats", "features", "model", "training_data"].map(task),
  edges: [
    ["training_data", "features"],
    ["features", "feature_stats"],
    ["features", "model"],
    ["training_data", "model"],
  ],
};

function run(runId: string, tasks: RunSummary["tasks"], status: RunSummary["status"] = "succeeded", dag = "training"): RunSummary {
  return { runId, runFolder: `runs/2026/12/04/${runId}`, dag, status, startedAt: "2026-12-04T10:00:00Z", tasks, metrics: {}, params: {} };
}

describe("Run Task choices", () => {
  it("lists a DAG's tasks in the order it runs them, and what each runs after", () => {
    assert.deepEqual(tasksInRunOrder(graph).map((t) => t.label), ["training_data", "features", "feature_stats", "model"]);
    assert.deepEqual(upstreamOf("model", graph), ["training_data", "features"]);
    assert.deepEqual(upstreamOf("training_data", graph), []);
  });

  it("offers first the latest run where the task's upstream tasks succeeded, and a new run last, saying what it misses", () => {
    const runs = [
      run("r3", { training_data: "failed", features: "pending" }, "failed"),
      run("other", { features: "succeeded" }, "succeeded", "scoring"),
      run("r2", { training_data: "succeeded", features: "succeeded", feature_stats: "failed" }, "failed"),
      run("r1", { training_data: "succeeded", features: "succeeded" }),
    ];
    const choices = runTaskChoices(runs, "training", "feature_stats", ["features"]);
    assert.deepEqual(choices.map((c) => [c.action, c.folder]), [
      ["folder", "runs/2026/12/04/r2"],
      ["folder", "runs/2026/12/04/r1"],
      ["folder", "runs/2026/12/04/r3"],
      ["new", undefined],
    ]);
    assert.equal(choices[0]!.detail, "upstream succeeded here: features");
    assert.equal(choices[2]!.detail, "upstream not succeeded here: features");
    assert.match(choices[3]!.detail!, /only "feature_stats" runs: what features writes will be missing/);
  });

  it("offers a new run first for a task with nothing upstream", () => {
    const choices = runTaskChoices([run("r1", { training_data: "failed" }, "failed")], "training", "training_data", []);
    assert.deepEqual(choices.map((c) => c.action), ["new", "folder"]);
  });

  it("offers the whole DAG first when no run has the task's inputs", () => {
    const choices = runTaskChoices([run("r1", { training_data: "failed" }, "failed")], "training", "feature_stats", ["features"]);
    assert.deepEqual(choices.map((c) => c.action), ["dag", "folder", "new"]);
    assert.equal(choices[0]!.label, "$(run-all) Run training");
  });

  it("explains a failure of a task run without its upstream outputs by naming the tasks to run", () => {
    assert.equal(
      missingUpstreamHint("feature_stats", ["features"], undefined),
      '"feature_stats" reads what "features" writes, and it has not succeeded in a new run: run "features" first, or run "feature_stats" in a run where it succeeded.',
    );
    assert.match(missingUpstreamHint("model", ["training_data", "features"], run("r3", { training_data: "succeeded", features: "failed" }))!, /what "features" writes, and it has not succeeded in that run/);
    assert.equal(missingUpstreamHint("model", ["features"], run("r1", { features: "succeeded" })), undefined, "its inputs were there: the failure is its own");
  });
});
