import { strict as assert } from "node:assert";
import type { RunState } from "../run-state";
import { flattenParams, lastRun, newestFingerprintedRuns, newestFirst, runToRetry, runsOfDag, summarizeRun, type RunSummary } from "../run-summary";

function run(runId: string, dag: string | undefined, status: RunSummary["status"], startedAt?: string, tasks: RunSummary["tasks"] = {}): RunSummary {
  return { runId, runFolder: `runs/2026/11/25/${runId}`, ...(dag ? { dag } : {}), status, ...(startedAt ? { startedAt } : {}), tasks, metrics: {}, params: {} };
}

describe("run summaries", () => {
  it("flattens the context to a.b.c params, lists kept as values, without the run's own meta", () => {
    const context = { gluepy: { runId: "r", runFolder: "runs/x", createdAt: "t" }, model: { depth: 3, layers: [8, 4], opts: {} }, name: "x" };
    assert.deepEqual(flattenParams(context), { "model.depth": 3, "model.layers": [8, 4], "model.opts": {}, name: "x" });
  });

  it("summarizes a state: tasks in DAG order, the state's own duration, no state as unknown", () => {
    const state: RunState = {
      runId: "r1", runFolder: "runs/2026/11/25/r1", dag: "training", status: "failed", startedAt: "2026-11-25T10:00:00Z", endedAt: "2026-11-25T10:00:01Z", durationMs: 900,
      order: ["b", "a"], edges: [], tasks: { a: { status: "failed", attempts: 1 }, b: { status: "succeeded", attempts: 1 } }, metrics: {},
    };
    const s = summarizeRun("runs/2026/11/25/r1", state, { mae: 1 }, { x: { y: 2 } });
    assert.deepEqual(Object.entries(s.tasks), [["b", "succeeded"], ["a", "failed"]]);
    assert.deepEqual([s.dag, s.status, s.durationMs, s.metrics, s.params], ["training", "failed", 900, { mae: 1 }, { "x.y": 2 }]);
    assert.deepEqual(summarizeRun("runs/2026/11/25/r2", undefined), { runId: "r2", runFolder: "runs/2026/11/25/r2", status: "unknown", tasks: {}, metrics: {}, params: {} });
  });

  it("orders newest first, finds the run to retry and the last run of a DAG or a task", () => {
    const runs = [
      run("r1", "training", "failed", "2026-11-24T10:00:00Z", { a: "failed" }),
      run("r3", "scoring", "failed", "2026-11-25T11:00:00Z", { s: "failed" }),
      run("r2", "training", "succeeded", "2026-11-25T10:00:00Z", { a: "succeeded" }),
      run("r0", undefined, "unknown"),
    ].sort(newestFirst);
    assert.deepEqual(runs.map((r) => r.runId), ["r3", "r2", "r1", "r0"]);
    assert.equal(runToRetry(runs, "training"), undefined, "its newest run succeeded");
    assert.equal(runToRetry(runs, "scoring")?.runId, "r3");
    assert.deepEqual(runsOfDag(runs, "training").map((r) => r.runId), ["r2", "r1"]);
    assert.deepEqual(lastRun(runs, { dag: "training" }), { runId: "r2", dag: "training", status: "succeeded" });
    assert.deepEqual(lastRun(runs, { task: "s" }), { runId: "r3", dag: "scoring", status: "failed", taskStatus: "failed" });
    assert.equal(lastRun(runs, { task: "nope" }), undefined);
  });

  it("says which runs recorded fingerprints, and finds each DAG's newest such run", () => {
    const state = (fingerprint: boolean): RunState => ({
      runId: "r", runFolder: "runs/2026/11/25/r", dag: "training", status: "succeeded", startedAt: "2026-11-25T10:00:00Z", order: ["a"], edges: [], metrics: {},
      tasks: { a: { status: "succeeded", attempts: 1, ...(fingerprint ? { fingerprint: { code: { "src/a.ts": "00" }, packages: {}, gluepy: "0.1.0", context: [] } } : {}) } },
    });
    assert.equal(summarizeRun("runs/2026/11/25/r", state(true)).fingerprinted, true);
    assert.equal("fingerprinted" in summarizeRun("runs/2026/11/25/r", state(false)), false);
    const reusing = state(true);
    reusing.tasks.b = { status: "succeeded", attempts: 0, cached: { runId: "r0", runFolder: "runs/2026/11/24/r0" } };
    assert.deepEqual(summarizeRun("runs/2026/11/25/r", reusing).reused, { b: "r0" }, "the tasks the run cache reused, with the run each came from");
    assert.equal("reused" in summarizeRun("runs/2026/11/25/r", state(true)), false);
    const runs = [
      { ...run("r4", "training", "succeeded", "2026-11-25T12:00:00Z") },
      { ...run("r3", "training", "failed", "2026-11-25T11:00:00Z"), fingerprinted: true as const },
      { ...run("r2", "training", "succeeded", "2026-11-25T10:00:00Z"), fingerprinted: true as const },
      { ...run("r1", "scoring", "succeeded", "2026-11-25T09:00:00Z"), fingerprinted: true as const },
    ];
    assert.deepEqual(newestFingerprintedRuns(runs).map((r) => r.runId), ["r3", "r1"]);
  });
});
