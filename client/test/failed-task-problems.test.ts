// A failed task's error becomes a problem at its throwing line (0-based for VS Code), resolved against
// the project; successes and errors without a position give none.

import { strict as assert } from "node:assert";
import type { TaskEndEvent } from "../../shared/events";
import { failuresByFile, taskFailure } from "../src/failed-task-problems";

const ts = "2026-11-25T10:00:00.000Z";
const failed = (error: TaskEndEvent["error"], task = "train"): TaskEndEvent => ({ event: "task-end", ts, task, status: "failed", attempt: 1, durationMs: 3, error });

describe("task failures in the Problems panel", () => {
  it("maps a relative file and 1-based line/column to an absolute file and 0-based position", () => {
    const f = taskFailure(failed({ message: "no data", stack: "", file: "src/tasks.ts", line: 12, column: 11 }), "/proj");
    assert.deepEqual(f, { file: "/proj/src/tasks.ts", line: 11, character: 10, message: 'Task "train" failed: no data', task: "train" });
  });

  it("accepts absolute paths and file: URLs", () => {
    assert.equal(taskFailure(failed({ message: "x", stack: "", file: "/abs/t.ts", line: 1 }), "/proj")?.file, "/abs/t.ts");
    assert.equal(taskFailure(failed({ message: "x", stack: "", file: "file:///abs/t.ts", line: 1 }), "/proj")?.file, "/abs/t.ts");
  });

  it("gives nothing for a success or an error without a source position", () => {
    assert.equal(taskFailure({ event: "task-end", ts, task: "a", status: "succeeded", attempt: 1, durationMs: 1 }, "/p"), undefined);
    assert.equal(taskFailure(failed({ message: "x", stack: "" }), "/p"), undefined);
  });

  it("groups a run's failures by file", () => {
    const byFile = failuresByFile(
      [
        { event: "task-start", ts, task: "a", attempt: 1 },
        failed({ message: "a", stack: "", file: "src/a.ts", line: 2 }, "a"),
        failed({ message: "b", stack: "", file: "src/a.ts", line: 9 }, "b"),
        failed({ message: "c", stack: "", file: "src/c.ts", line: 1 }, "c"),
      ],
      "/p",
    );
    assert.deepEqual([...byFile.keys()], ["/p/src/a.ts", "/p/src/c.ts"]);
    assert.deepEqual(byFile.get("/p/src/a.ts")!.map((f) => f.line), [1, 8]);
  });
});
