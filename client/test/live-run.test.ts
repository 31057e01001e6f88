// The extension's own run as the Runs view follows it: events folded into the run's summary and task states,
// each batch naming the rows it changed (the view refreshes only those), a retry keeping what it does not rerun.

import { strict as assert } from "node:assert";
import type { RunEvent, RunStartEvent } from "../../shared/events";
import type { RunSummary } from "../../shared/run-summary";
import { foldLiveRun, startLiveRun } from "../src/live-run";
import { runDescription } from "../src/run-tree-items";

const ts = "2026-01-01T10:00:00.000Z";
const runFolder = "runs/2026/01/01/20260101-100000-abcd";
const start = (labels: string[]): RunStartEvent => ({
  event: "run-start",
  ts,
  runId: "20260101-100000-abcd",
  runFolder,
  dag: "forecast",
  tasks: labels.map((label) => ({ label, className: `${label}Task`, file: "src/tasks.ts", line: 1 })),
  edges: [],
});
const taskStart = (task: string, attempt = 1): RunEvent => ({ event: "task-start", ts, task, attempt });
const taskEnd = (task: string, status: "succeeded" | "failed", attempt = 1): RunEvent => ({
  event: "task-end",
  ts,
  task,
  status,
  attempt,
  durationMs: 5,
  ...(status === "failed" ? { error: { message: "boom", stack: "" } } : {}),
});

describe("the live run in the Runs view", () => {
  it("starts with every task pending and the run running, in the DAG's order", () => {
    const live = startLiveRun(start(["load", "train", "report"]));
    assert.deepEqual(live.summary.tasks, { load: "pending", train: "pending", report: "pending" });
    assert.equal(live.summary.status, "running");
    assert.equal(live.summary.runFolder, runFolder);
    assert.equal(runDescription(live.summary), "running · 0/3");
  });

  it("a batch names the tasks it changed, once each, and the run's row only when a task ended or the run did", () => {
    const live = startLiveRun(start(["load", "train", "report"]));
    const started = foldLiveRun(live, [taskStart("load"), { event: "task-log", ts, task: "load", stream: "stdout", text: "hi" }, taskStart("train")]);
    assert.deepEqual(started, { tasks: ["load", "train"], run: false }, "a start changes the task's row, not the run's counts");
    assert.equal(live.state.tasks.load!.status, "running");

    const ended = foldLiveRun(live, [taskEnd("load", "succeeded"), taskEnd("train", "failed"), taskStart("train", 2)]);
    assert.deepEqual(ended, { tasks: ["load", "train"], run: true });
    assert.deepEqual(live.summary.tasks, { load: "succeeded", train: "running", report: "pending" }, "a retried attempt runs again");
    assert.equal(live.state.tasks.train!.attempts, 2);

    assert.deepEqual(foldLiveRun(live, [{ event: "metric", ts, task: "train", key: "rmse", value: 1 }]), { tasks: [], run: false });
    const last = foldLiveRun(live, [taskEnd("train", "failed", 2), { event: "task-end", ts, task: "report", status: "skipped", attempt: 0, durationMs: 0 }, { event: "run-end", ts, status: "failed", durationMs: 40 }]);
    assert.deepEqual(last, { tasks: ["train", "report"], run: true });
    assert.equal(live.summary.status, "failed");
    assert.equal(live.summary.durationMs, 40);
    assert.equal(runDescription(live.summary), "40ms · 1 failed");
  });

  it("a retry of a listed run folder keeps the statuses, reuse, metrics and params of the tasks it does not rerun", () => {
    const earlier: RunSummary = {
      runId: "20260101-100000-abcd",
      runFolder,
      dag: "forecast",
      status: "failed",
      startedAt: "2026-01-01T09:00:00.000Z",
      durationMs: 100,
      tasks: { load: "succeeded", train: "failed", report: "skipped" },
      metrics: { rmse: 0.3 },
      params: { "forecast.horizon": 7 },
      reused: { load: "20251231-090000-ffff" },
    };
    const live = startLiveRun(start(["load", "train", "report"]), earlier);
    assert.deepEqual(live.summary.tasks, { load: "succeeded", train: "failed", report: "skipped" });
    assert.equal(live.summary.status, "running");
    assert.equal(live.summary.startedAt, earlier.startedAt, "the run folder's own start");
    assert.deepEqual(live.summary.reused, { load: "20251231-090000-ffff" });
    assert.deepEqual([live.summary.metrics, live.summary.params], [earlier.metrics, earlier.params]);
    foldLiveRun(live, [taskStart("train"), taskEnd("train", "succeeded"), { event: "run-end", ts, status: "succeeded", durationMs: 50 }]);
    assert.equal(live.summary.durationMs, 150, "the run's own time: every invocation in its folder");
    assert.deepEqual(live.summary.tasks, { load: "succeeded", train: "succeeded", report: "skipped" });
  });

  it("folds a 1,000-task run's 2,000 task events without copying the run per event", () => {
    const labels = Array.from({ length: 1000 }, (_, i) => `t${i}`);
    const live = startLiveRun(start(labels));
    const events = labels.flatMap((l) => [taskStart(l), taskEnd(l, "succeeded")]);
    const tasks = live.state.tasks;
    for (let i = 0; i < events.length; i += 160) foldLiveRun(live, events.slice(i, i + 160));
    assert.equal(live.state.tasks, tasks, "the state is folded in place");
    assert.equal(runDescription(live.summary), "running · 1000/1000");
  });
});
