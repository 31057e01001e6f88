import { strict as assert } from "node:assert";
import type { RunEvent } from "../../shared/events";
import { reduceRunEvents } from "../../shared/run-state";
import { nodeStatus } from "../src/status";

const ts = "2026-01-01T00:00:00.000Z";
const state = reduceRunEvents([
  { event: "run-start", ts, runId: "r", runFolder: "f", dag: "d", tasks: ["a", "b", "c"].map((label) => ({ label, className: label, file: "x.ts", line: 1 })), edges: [] },
  { event: "task-start", ts, task: "a", attempt: 1 },
  { event: "task-end", ts, task: "a", status: "succeeded", attempt: 1, durationMs: 250 },
  { event: "task-start", ts, task: "b", attempt: 3 },
] satisfies RunEvent[]);

describe("node status: run state → colour and detail line", () => {
  it("shows a finished task's duration and a running task's attempt", () => {
    assert.deepEqual(nodeStatus(state, ["a"]), { status: "succeeded", detail: "250ms" });
    assert.deepEqual(nodeStatus(state, ["b"]), { status: "running", detail: "running · attempt 3" });
    assert.deepEqual(nodeStatus(state, ["c"]), { status: "pending", detail: "" });
  });

  it("shows pending with no detail when there is no run", () => {
    assert.deepEqual(nodeStatus(undefined, ["a"]), { status: "pending", detail: "" });
  });

  it("summarises a collapsed sub-DAG: a failure wins, activity next", () => {
    assert.deepEqual(nodeStatus(state, ["a", "b", "c"]), { status: "running", detail: "1/3 succeeded" });
    assert.deepEqual(nodeStatus(state, ["a", "c"]), { status: "running", detail: "1/2 succeeded" });
    const failed = reduceRunEvents([
      { event: "run-start", ts, runId: "r", runFolder: "f", dag: "d", tasks: [{ label: "a", className: "a", file: "x", line: 1 }, { label: "b", className: "b", file: "x", line: 1 }], edges: [] },
      { event: "task-end", ts, task: "a", status: "failed", attempt: 2, durationMs: 12_500, error: { message: "boom", stack: "" } },
    ]);
    assert.deepEqual(nodeStatus(failed, ["a"]), { status: "failed", detail: "failed · 12.5s · 2 attempts" });
    assert.equal(nodeStatus(failed, ["a", "b"]).status, "failed");
  });
});
