// What the Runs view says of a run and its tasks: readable at the sidebar's default width (the status is
// the icon, the description the run's own duration), metrics in the tooltip, tasks with their durations.

import { strict as assert } from "node:assert";
import type { RunSummary } from "../../shared/run-summary";
import { runDescription, runTooltip, taskDescription, taskTooltip } from "../src/run-tree-items";

const run: RunSummary = {
  runId: "20260101-100000-abcd",
  runFolder: "runs/2026/01/01/20260101-100000-abcd",
  dag: "forecast",
  status: "failed",
  startedAt: "2026-01-01T10:00:00.123Z",
  durationMs: 512,
  tasks: { load: "succeeded", features: "succeeded", train: "failed", report: "skipped" },
  metrics: { rmse: 0.31, "model_accuracy": 0.9 },
  params: {},
  reused: { load: "20251231-090000-ffff" },
};

describe("Runs view items", () => {
  it("describes a run by its own duration and what stands out, never by status text that the width cuts off", () => {
    assert.equal(runDescription(run), "512ms · 1 cached · 1 failed");
    assert.equal(runDescription(run, "shop"), "512ms · 1 cached · 1 failed · shop", "the project, when the workspace has several");
    const plain: RunSummary = { ...run, status: "succeeded", tasks: { a: "succeeded" }, reused: undefined, durationMs: 61_000 };
    assert.equal(runDescription(plain), "1m01s");
    assert.equal(runDescription({ ...plain, status: "running", durationMs: undefined }), "running · 1/1");
    const going: RunSummary = { ...plain, status: "running", durationMs: 900, tasks: { a: "succeeded", b: "failed", c: "running", d: "pending" } };
    assert.equal(runDescription(going), "running · 2/4 · 1 failed", "while it runs, how far it got: not the duration of an earlier invocation");
    assert.ok(runDescription(plain).length < 20, "short enough for the default sidebar beside 'forecast  1/1/26, 10:00:00 AM'");
  });

  it("puts the status, start, duration, folder, every metric and the task counts in the run's tooltip", () => {
    assert.equal(
      runTooltip(run),
      [
        "**forecast** · failed",
        "",
        "started 2026-01-01 10:00:00Z · took 512ms",
        "",
        "`runs/2026/01/01/20260101-100000-abcd`",
        "",
        "| metric | value |",
        "|---|---:|",
        "| rmse | 0.31 |",
        "| model\\_accuracy | 0.9 |",
        "",
        "4 tasks: 2 succeeded, 1 failed, 1 skipped",
      ].join("\n"),
    );
  });

  it("describes a task by its duration, its status when not succeeded, its attempts, or the run it was reused from", () => {
    assert.equal(taskDescription("succeeded", { status: "succeeded", attempts: 1, durationMs: 850 }), "850ms");
    assert.equal(taskDescription("failed", { status: "failed", attempts: 2, durationMs: 1300 }), "failed · 2 attempts · 1.3s");
    assert.equal(taskDescription("skipped", undefined), "skipped");
    assert.equal(taskDescription("succeeded", { status: "succeeded", attempts: 0 }, "20251231-090000-ffff"), "cached · from 20251231-090000-ffff");
    assert.equal(
      taskTooltip("train", "failed", { status: "failed", attempts: 2, durationMs: 1300, error: { message: "training.parquet is missing", stack: "" } }),
      "train: failed · 2 attempts · took 1.3s\ntraining.parquet is missing\nClick to show it in the graph.",
    );
  });
});
