import { strict as assert } from "node:assert";
import { stackFrames } from "../stack-frames";

describe("stack frames of a task error", () => {
  it("reads each 'at' line, with its file position when it points into a file", () => {
    const stack = [
      "Error: boom: (at the end)",
      "    at TrainTask.run (/work/p/src/tasks.ts:42:11)",
      "    at async Promise.all (index 0)",
      "    at node:internal/process/task_queues:95:5",
      "    at file:///work/my%20p/src/model.ts:7:3",
      "    at C:\\work\\p\\src\\a.ts:1:2",
    ].join("\n");
    assert.deepEqual(stackFrames(stack), [
      { text: "at TrainTask.run (/work/p/src/tasks.ts:42:11)", file: "/work/p/src/tasks.ts", line: 42, column: 11 },
      { text: "at async Promise.all (index 0)" },
      { text: "at node:internal/process/task_queues:95:5" },
      { text: "at file:///work/my%20p/src/model.ts:7:3", file: "file:///work/my%20p/src/model.ts", line: 7, column: 3 },
      { text: "at C:\\work\\p\\src\\a.ts:1:2", file: "C:\\work\\p\\src\\a.ts", line: 1, column: 2 },
    ]);
  });
});
