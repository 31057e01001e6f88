import { strict as assert } from "node:assert";
import { reduceRunEvents } from "../../shared/run-state";
import type { RunEvent } from "../../shared/events";
import { timelineBars } from "../src/timeline";

const at = (ms: number): string => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

describe("run timeline bars", () => {
  it("puts each started task on the run's time axis in start order, a running one up to now", () => {
    const events: RunEvent[] = [
      { event: "run-start", ts: at(0), runId: "r", runFolder: "/r", dag: "d", tasks: ["a", "b", "c", "d"].map((label) => ({ label, className: "T", file: "t.ts", line: 1 })), edges: [] },
      { event: "task-start", ts: at(10), task: "a", attempt: 1 },
      { event: "task-start", ts: at(5), task: "b", attempt: 1 },
      { event: "task-end", ts: at(110), task: "a", status: "succeeded", attempt: 1, durationMs: 100 },
      { event: "task-end", ts: at(60), task: "b", status: "failed", attempt: 1, durationMs: 55 },
      { event: "task-start", ts: at(120), task: "c", attempt: 2 },
    ];
    const { bars, spanMs } = timelineBars(reduceRunEvents(events), Date.UTC(2026, 0, 1) + 200);
    assert.deepEqual(bars, [
      { task: "b", status: "failed", attempts: 1, startMs: 5, endMs: 60 },
      { task: "a", status: "succeeded", attempts: 1, startMs: 10, endMs: 110 },
      { task: "c", status: "running", attempts: 2, startMs: 120, endMs: 200 },
    ]);
    assert.equal(spanMs, 200);
    assert.deepEqual(timelineBars(undefined, 0), { bars: [], spanMs: 0 });
  });

  it("puts a task the run cache reused (never started) where it was placed, marked with the run it came from", () => {
    const events: RunEvent[] = [
      { event: "run-start", ts: at(0), runId: "r2", runFolder: "/r2", dag: "d", tasks: ["a", "b"].map((label) => ({ label, className: "T", file: "t.ts", line: 1 })), edges: [["a", "b"]] },
      { event: "task-end", ts: at(8), task: "a", status: "succeeded", attempt: 0, durationMs: 0, cached: { runId: "r1", runFolder: "runs/2026/01/01/r1" } },
      { event: "task-start", ts: at(9), task: "b", attempt: 1 },
      { event: "task-end", ts: at(50), task: "b", status: "succeeded", attempt: 1, durationMs: 41 },
    ];
    assert.deepEqual(timelineBars(reduceRunEvents(events), 0).bars, [
      { task: "a", status: "succeeded", attempts: 0, startMs: 8, endMs: 8, cachedFrom: "r1" },
      { task: "b", status: "succeeded", attempts: 1, startMs: 9, endMs: 50 },
    ]);
  });
});
