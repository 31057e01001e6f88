import * as assert from "node:assert/strict";
import { parseRunEvent, runEventLine, type RunEvent } from "../events";

/** Events as the runtime builds them (fields in declaration order), each the way JSON.stringify writes it. */
const events: RunEvent[] = [
  { event: "run-start", ts: "2026-12-04T21:00:00.000Z", runId: "r1", runFolder: "runs/2026/12/04/r1", dag: "d", tasks: [{ label: "a", className: "A", file: "/p/a.ts", line: 3 }], edges: [["a", "b"]] },
  { event: "task-start", ts: "2026-12-04T21:00:00.001Z", task: "a", attempt: 1 },
  { event: "task-start", ts: "2026-12-04T21:00:00.001Z", task: 'quo"te\\ \n \u2028 ünï', attempt: 12 },
  { event: "task-log", ts: "2026-12-04T21:00:00.002Z", task: "a", stream: "stdout", text: "hello\n" },
  { event: "task-end", ts: "2026-12-04T21:00:00.003Z", task: "a", status: "succeeded", attempt: 1, durationMs: 0 },
  { event: "task-end", ts: "2026-12-04T21:00:00.003Z", task: "b", status: "skipped", attempt: 0, durationMs: 0 },
  {
    event: "task-end",
    ts: "2026-12-04T21:00:00.004Z",
    task: "c",
    status: "failed",
    attempt: 2,
    durationMs: 1234,
    error: { message: 'boom "x"', stack: "Error: boom\n    at c (src/c.ts:3:9)", file: "/p/src/c.ts", line: 3, column: 9 },
    outputs: [{ path: "out.csv", bytes: 10, sha256: "ab" }],
    inputs: [{ path: "raw/in.csv", root: true, bytes: 5, sha256: "cd" }],
  },
  {
    event: "task-end",
    ts: "2026-12-04T21:00:00.005Z",
    task: "d",
    status: "succeeded",
    attempt: 0,
    durationMs: 0,
    fingerprint: { code: { "src/d.ts": "e3" }, packages: {}, gluepy: "0.1.0", context: [] },
    cached: { runId: "r0", runFolder: "runs/2026/12/03/r0" },
  },
  { event: "metric", ts: "2026-12-04T21:00:00.006Z", task: "a", key: "score", value: 0.5 },
  { event: "run-end", ts: "2026-12-04T21:00:00.007Z", status: "failed", durationMs: 7 },
];

describe("runEventLine", () => {
  it("writes every event exactly as JSON.stringify does, one line each", () => {
    for (const e of events) assert.equal(runEventLine(e), JSON.stringify(e) + "\n");
  });

  it("leaves out fields that are undefined, as JSON.stringify does", () => {
    const e: RunEvent = { event: "task-end", ts: "t", task: "a", status: "succeeded", attempt: 1, durationMs: 3, error: undefined, outputs: undefined };
    assert.equal(runEventLine(e), JSON.stringify(e) + "\n");
    assert.deepEqual(Object.keys(JSON.parse(runEventLine(e)) as object), ["event", "ts", "task", "status", "attempt", "durationMs"]);
  });

  it("writes numbers JSON cannot hold as null, as JSON.stringify does", () => {
    const e: RunEvent = { event: "task-end", ts: "t", task: "a", status: "failed", attempt: 1, durationMs: Number.NaN };
    assert.equal(runEventLine(e), JSON.stringify(e) + "\n");
  });

  it("reads back as the same event, whatever order its fields were set in", () => {
    const e = { durationMs: 5, attempt: 1, status: "succeeded", task: "z", ts: "t", event: "task-end" } as RunEvent;
    assert.deepEqual(parseRunEvent(runEventLine(e)), e);
  });
});
