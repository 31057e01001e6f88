import { strict as assert } from "node:assert";
import type { RunEvent, TaskLogEvent } from "../events";
import { addTaskLog, LOG_LINES_KEPT, keptLines, runLogs, type RunLogs } from "../task-logs";

const ts = "2026-01-01T00:00:00.000Z";
const log = (task: string, text: string, stream: "stdout" | "stderr" = "stdout"): TaskLogEvent => ({ event: "task-log", ts, task, stream, text });

describe("task logs of a run", () => {
  it("gives each task its lines, a multi-line write as several lines, with their stream", () => {
    const events: RunEvent[] = [
      log("train", "epoch 1\nepoch 2\n"),
      { event: "task-start", ts, task: "score", attempt: 1 },
      log("score", "bad row", "stderr"),
      log("train", "done"),
    ];
    assert.deepEqual(runLogs(events), {
      train: { lines: [{ stream: "stdout", text: "epoch 1" }, { stream: "stdout", text: "epoch 2" }, { stream: "stdout", text: "done" }], total: 3 },
      score: { lines: [{ stream: "stderr", text: "bad row" }], total: 1 },
    });
  });

  it("keeps a chatty task's last lines and counts them all", () => {
    const logs: RunLogs = {};
    for (let i = 1; i <= 10_000; i++) addTaskLog(logs, log("chatty", `line ${i}`));
    assert.equal(logs.chatty!.total, 10_000);
    assert.ok(logs.chatty!.lines.length <= 2 * LOG_LINES_KEPT, "bounded while the run goes");
    const kept = keptLines(logs.chatty);
    assert.equal(kept.length, LOG_LINES_KEPT);
    assert.equal(kept.at(-1)!.text, "line 10000");
    assert.equal(kept[0]!.text, `line ${10_000 - LOG_LINES_KEPT + 1}`);
    assert.equal(runLogs(Array.from({ length: 500 }, (_, i) => log("t", `l${i}`))).t!.lines.length, LOG_LINES_KEPT);
  });
});
