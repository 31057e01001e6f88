// What a node shows of the run cache: a reused task's badge and run, an outdated task's badge and reasons,
// and a collapsed sub-DAG's counts of both.

import { strict as assert } from "node:assert";
import type { RunEvent } from "../../shared/events";
import { reduceRunEvents } from "../../shared/run-state";
import { nodeCacheMarks, outdatedTasks } from "../src/cache-marks";
import { nodeStatus } from "../src/status";

const ts = "2026-12-04T10:00:00.000Z";
const from = { runId: "r1", runFolder: "runs/2026/12/04/r1" };
const state = reduceRunEvents([
  { event: "run-start", ts, runId: "r2", runFolder: "runs/2026/12/04/r2", dag: "d", tasks: ["data", "train", "test"].map((label) => ({ label, className: "T", file: "t.ts", line: 1 })), edges: [] },
  { event: "task-end", ts, task: "data", status: "succeeded", attempt: 0, durationMs: 0, cached: from },
  { event: "task-start", ts, task: "train", attempt: 1 },
  { event: "task-end", ts, task: "train", status: "succeeded", attempt: 1, durationMs: 1200 },
] satisfies RunEvent[]);
const outdated = outdatedTasks({
  nodes: [
    { label: "data" },
    { label: "train", outdated: [{ kind: "code", detail: "src/model.ts" }] },
    { label: "test", outdated: [{ kind: "upstream", detail: "train" }] },
  ],
});

describe("run cache marks on graph nodes", () => {
  it("badges a reused task 'cached' with the run it came from in its tooltip, and says 'reused' instead of a duration", () => {
    const marks = nodeCacheMarks(state, outdated, ["data"]);
    assert.deepEqual(marks.badges, [{ kind: "cached", text: "cached" }]);
    assert.deepEqual(marks.cached, from);
    assert.deepEqual(marks.tooltip, ["Reused from run r1 (not run again)"]);
    assert.equal(nodeStatus(state, ["data"]).detail, "reused");
  });

  it("badges an outdated task with its reasons in words in the tooltip, whatever its run status", () => {
    const marks = nodeCacheMarks(state, outdated, ["train"]);
    assert.deepEqual(marks.badges, [{ kind: "outdated", text: "outdated" }]);
    assert.deepEqual(marks.tooltip, ["Outdated since its last run:", "• Its code changed: src/model.ts"]);
    assert.deepEqual(nodeCacheMarks(undefined, outdated, ["test"]).tooltip, ["Outdated since its last run:", "• It reads what train writes, and train runs first"]);
  });

  it("counts a collapsed sub-DAG's reused and outdated tasks", () => {
    const marks = nodeCacheMarks(state, outdated, ["data", "train", "test"]);
    assert.deepEqual(marks.badges, [{ kind: "cached", text: "1 cached" }, { kind: "outdated", text: "2 outdated" }]);
    assert.equal(marks.cached, undefined);
    assert.deepEqual(marks.tooltip, ["1 of its tasks reused from earlier runs", "2 of its tasks outdated since their last run: train, test"]);
  });

  it("marks nothing without a run or outdated tasks", () => {
    assert.deepEqual(nodeCacheMarks(undefined, new Map(), ["data"]), { cachedCount: 0, outdatedCount: 0, badges: [], tooltip: [] });
  });
});
