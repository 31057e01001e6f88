// The hover's last run: looked up in the runs the client listed for each project (never read from disk).

import * as assert from "node:assert/strict";
import type { RunSummary } from "../../../shared/run-summary";
import { LastRuns } from "../../src/features/last-run";

function run(runId: string, dag: string, status: RunSummary["status"], tasks: RunSummary["tasks"]): RunSummary {
  return { runId, runFolder: `runs/2026/11/25/${runId}`, dag, status, startedAt: "2026-11-25T10:00:00Z", tasks, metrics: {}, params: {} };
}

describe("LastRuns", () => {
  const runs = new LastRuns();
  runs.set("/ws/a", [run("r3", "other", "succeeded", { x: "succeeded" }), run("r2", "training", "failed", { data: "succeeded", train: "failed" }), run("r1", "training", "succeeded", { data: "succeeded", train: "succeeded" })]);
  runs.set("/ws/b", [run("b1", "training", "succeeded", { train: "succeeded" })]);

  it("gives the newest run of a DAG in the file's project, and a task's own status in the newest run that has it", () => {
    assert.deepEqual(runs.of("/ws/a", { dag: "training" }), { runId: "r2", dag: "training", status: "failed" });
    assert.deepEqual(runs.of("/ws/a", { task: "train" }), { runId: "r2", dag: "training", status: "failed", taskStatus: "failed" });
    assert.equal(runs.of("/ws/b", { dag: "training" })?.runId, "b1", "projects that reuse a label keep their own runs");
  });

  it("gives nothing for an unknown DAG or a project the client listed no runs for; a new listing replaces the old", () => {
    assert.equal(runs.of("/ws/a", { dag: "nope" }), undefined);
    assert.equal(runs.of("/ws/c", { dag: "training" }), undefined);
    const later = new LastRuns();
    later.set("/p", [run("r1", "training", "failed", {})]);
    later.set("/p", [run("r2", "training", "succeeded", {})]);
    assert.equal(later.of("/p", { dag: "training" })?.runId, "r2");
  });
});
