// The run log in the Output channel: one readable line per event, in the shapes the grammar colours.

import { strict as assert } from "node:assert";
import { formatRunEvent } from "../src/log-format";

const ts = "2026-11-25T10:00:00.000Z";

describe("run log lines", () => {
  it("announces the run with its DAG, task count and folder", () => {
    const [line] = formatRunEvent({ event: "run-start", ts, runId: "r1", runFolder: "/p/data/runs/2026/11/25/r1", dag: "training", tasks: [], edges: [] });
    assert.equal(line, '== Run r1 of DAG "training": 0 tasks, folder /p/data/runs/2026/11/25/r1');
  });

  it("shows a task's start, and its attempt number from the second attempt on", () => {
    assert.match(formatRunEvent({ event: "task-start", ts, task: "data", attempt: 1 })[0]!, /^\[\d\d:\d\d:\d\d\] START data$/);
    assert.match(formatRunEvent({ event: "task-start", ts, task: "data", attempt: 2 })[0]!, /START data \(attempt 2\)$/);
  });

  it("splits a task's multi-line output into prefixed lines, marking stderr with !", () => {
    const lines = formatRunEvent({ event: "task-log", ts, task: "train", stream: "stderr", text: "a\nb\n" });
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /\] train ! a$/);
    assert.match(lines[1]!, /\] train ! b$/);
  });

  it("puts a failure's message and source position on the task-end line", () => {
    const lines = formatRunEvent({
      event: "task-end", ts, task: "train", status: "failed", attempt: 1, durationMs: 1234,
      error: { message: "boom", stack: "Error: boom", file: "src/tasks.ts", line: 12, column: 11 },
    });
    assert.match(lines[0]!, /FAILED train in 1\.2s: boom$/);
    assert.equal(lines[1], "    at src/tasks.ts:12:11");
  });

  it("says a task the run cache reused is cached, with the run it came from, not a duration", () => {
    const [line] = formatRunEvent({ event: "task-end", ts, task: "data", status: "succeeded", attempt: 0, durationMs: 0, cached: { runId: "r0", runFolder: "runs/2026/11/24/r0" } });
    assert.match(line!, /\] SUCCEEDED data: cached, reused from run r0$/);
  });

    it("shows metrics and the run's end", () => {
    assert.match(formatRunEvent({ event: "metric", ts, task: "test", key: "rmse", value: 1.5 })[0]!, /METRIC test rmse = 1\.5$/);
    assert.equal(formatRunEvent({ event: "run-end", ts, status: "succeeded", durationMs: 65_000 })[0], "== Run succeeded in 1m05s");
  });
});
