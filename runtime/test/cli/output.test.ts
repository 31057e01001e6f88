// Human output, pure: the terminal's live task list (redrawn in place), plain lines, colours.

import assert from "node:assert/strict";
import type { RunEvent } from "../../../shared/events";
import { describeEvent } from "../../src/cli/output/format";
import { LiveTaskList } from "../../src/cli/output/live-task-list";
import { colorsEnabled, paletteFor } from "../../src/cli/output/palette";
import { createRunOutput } from "../../src/cli/output/run-output";

const ts = "2026-11-25T10:00:00.000Z";
const start: RunEvent = {
  event: "run-start",
  ts,
  runId: "r1",
  runFolder: "runs/2026/11/25/r1",
  dag: "shop",
  tasks: ["a", "b", "c"].map((label) => ({ label, className: label.toUpperCase(), file: "/p/src/t.ts", line: 1 })),
  edges: [["a", "b"], ["b", "c"]],
};

function terminal(rows = 24) {
  const writes: string[] = [];
  return { writes, term: { write: (s: string) => writes.push(s), rows, isTTY: true } };
}

describe("human output", () => {
  it("colours follow the stream and NO_COLOR/FORCE_COLOR", () => {
    assert.equal(colorsEnabled({ isTTY: true }, {}), true);
    assert.equal(colorsEnabled({ isTTY: false }, {}), false);
    assert.equal(colorsEnabled({ isTTY: true }, { NO_COLOR: "1" }), false);
    assert.equal(colorsEnabled({ isTTY: false }, { FORCE_COLOR: "1" }), true);
    assert.equal(paletteFor(false).red("x"), "x");
    assert.equal(paletteFor(true).red("x"), "\x1b[31mx\x1b[39m");
  });

  it("a failed task's line names the error and its source position relative to the project", () => {
    const line = describeEvent(
      { event: "task-end", ts, task: "b", status: "failed", attempt: 2, durationMs: 40, error: { message: "boom", stack: "", file: "/p/src/t.ts", line: 7, column: 3 } },
      paletteFor(false),
      "/p",
    );
    assert.equal(line, "✗ b failed in 40ms (attempt 2): boom\n    at src/t.ts:7:3");
  });

  it("the terminal list shows every task with its status and redraws in place, output scrolling above", () => {
    const { writes, term } = terminal();
    const list = new LiveTaskList(term, paletteFor(false), "/p");
    list.event(start);
    list.event({ event: "task-start", ts, task: "a", attempt: 1 });
    list.event({ event: "task-log", ts, task: "a", stream: "stdout", text: "hello\n" });
    list.event({ event: "task-end", ts, task: "a", status: "succeeded", attempt: 1, durationMs: 1200 });
    list.event({ event: "task-start", ts, task: "b", attempt: 1 });
    list.close();
    const first = writes[0]!;
    assert.ok(!first.includes("\x1b[4F"), "nothing to erase before the first draw");
    assert.match(first, /a \| hello\n/);
    assert.match(first, /Running DAG 'shop': 3 tasks.*\n {2}✓ a succeeded 1\.2s\n {2}▶ b running \d+ms\n {2}· c pending\n$/);
    list.event({ event: "task-end", ts, task: "b", status: "failed", attempt: 1, durationMs: 5, error: { message: "bad", stack: "" } });
    list.event({ event: "task-end", ts, task: "c", status: "skipped", attempt: 0, durationMs: 0 });
    list.event({ event: "run-end", ts, status: "failed", durationMs: 1300 });
    list.close();
    const [redraw, outcome] = writes.slice(-2);
    // Back to the top of the 4-line list, clear it, then the new state; the outcome under the final list.
    assert.ok(redraw!.startsWith("\x1b[4F\x1b[J"), JSON.stringify(redraw!.slice(0, 10)));
    assert.match(redraw!, /✗ b failed in 5ms: bad\n/);
    assert.match(redraw!, / {2}✗ b failed 5ms\n {2}- c skipped 0ms\n$/);
    assert.equal(outcome, "Run failed in 1.3s\n");
  });

  it("a task the run cache reused says so, with the run it came from, in the list and as a line (issue 13)", () => {
    const { writes, term } = terminal();
    const list = new LiveTaskList(term, paletteFor(false), "/p");
    list.event(start);
    const cached = { runId: "20261204T160000Z-abc123", runFolder: "runs/2026/12/04/20261204T160000Z-abc123" };
    list.event({ event: "task-end", ts, task: "a", status: "succeeded", attempt: 0, durationMs: 0, cached });
    list.close();
    assert.match(writes.join(""), / {2}✓ a succeeded reused from run 20261204T160000Z-abc123\n/);
    assert.equal(describeEvent({ event: "task-end", ts, task: "a", status: "succeeded", attempt: 0, durationMs: 0, cached }, paletteFor(false), "/p"), "✓ a succeeded: reused from run 20261204T160000Z-abc123");
  });

  it("text printed while the list is shown goes above it by whole lines; after the run it is written as is", () => {
    const { writes, term } = terminal();
    const list = new LiveTaskList(term, paletteFor(false), "/p");
    list.event(start);
    list.print("half ");
    list.print("a line\nand more");
    list.close();
    assert.match(writes.join(""), /^half a line\nand more\nRunning DAG 'shop'/);
    list.event({ event: "run-end", ts, status: "succeeded", durationMs: 3 });
    list.print("late");
    assert.equal(writes.at(-1), "late");
  });

  it("a DAG taller than the terminal shows running and failed tasks and counts the rest", () => {
    const { writes, term } = terminal(6);
    const list = new LiveTaskList(term, paletteFor(false), "/p");
    const many: RunEvent = { ...start, tasks: Array.from({ length: 50 }, (_, i) => ({ label: `t${i}`, className: "T", file: "/p/x.ts", line: 1 })) } as RunEvent;
    list.event(many);
    list.event({ event: "task-start", ts, task: "t7", attempt: 1 });
    list.close();
    const lines = writes.at(-1)!.trimEnd().split("\n");
    assert.ok(lines.length <= 6);
    assert.match(lines[1]!, /▶ t7 running/);
    assert.equal(lines.at(-1), "  … 49 pending, 1 running");
  });

  it("--json writes each event as one line and nothing else; plain mode writes lines without escapes", () => {
    const out: string[] = [];
    const json = createRunOutput({ json: true, stdout: { write: (s: string) => out.push(s), isTTY: true }, projectDir: "/p", env: {} });
    json.event(start);
    json.event({ event: "run-end", ts, status: "succeeded", durationMs: 3 });
    json.close();
    assert.deepEqual(out.join("").trimEnd().split("\n").map((l) => JSON.parse(l).event), ["run-start", "run-end"]);
    const plain: string[] = [];
    const lines = createRunOutput({ json: false, stdout: { write: (s: string) => plain.push(s), isTTY: false }, projectDir: "/p", env: {} });
    lines.event(start);
    lines.close();
    assert.equal(plain.join(""), "Running DAG 'shop': 3 tasks, run folder runs/2026/11/25/r1\n");
  });
});
