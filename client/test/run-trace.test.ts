import { strict as assert } from "node:assert";
import { parseTraceLine, RunTrace } from "../src/run-trace";

describe("run trace", () => {
  it("keeps the first time of each mark, in order, and reads back from its line", () => {
    const trace = new RunTrace();
    trace.mark("command");
    trace.mark("spawned");
    trace.mark("command");
    const line = trace.format("training");
    assert.match(line, /^run training @\d+: command \d+\.\d \| spawned \d+\.\d$/);
    const marks = parseTraceLine(line);
    assert.deepEqual(Object.keys(marks), ["epochMs", "command", "spawned"]);
    assert.ok(Math.abs(marks.epochMs! - Date.now()) < 60_000, `epochMs ${marks.epochMs} is not now`);
    assert.ok(marks.spawned! >= marks.command!);
  });

  it("reads a DAG label with spaces and colons in the title", () => {
    assert.deepEqual(parseTraceLine("run training, task data @1764088844123: command 0.0 | first-byte 312.5"), {
      epochMs: 1764088844123,
      command: 0,
      "first-byte": 312.5,
    });
  });
});
