// Made-up runs for the Experiments page's tests and benchmark: `count` runs of one DAG with `metrics`
// metrics each, a learning rate that differs between runs, and every fifth run failed.

import type { ExperimentRun } from "../../shared/experiments-protocol";
import type { RunSummary } from "../../shared/run-summary";

export function experimentRuns(count: number, metrics: number): ExperimentRun[] {
  return Array.from({ length: count }, (_, i) => {
    const runId = `2026010${1 + (i % 9)}-r${String(i).padStart(4, "0")}`;
    const run: RunSummary = {
      runId,
      runFolder: `runs/2026/01/01/${runId}`,
      dag: "training",
      status: i % 5 === 4 ? "failed" : "succeeded",
      startedAt: new Date(Date.UTC(2026, 0, 1, 9) + i * 60_000).toISOString(),
      durationMs: 400 + ((i * 37) % 900),
      tasks: { load: "succeeded", features: "succeeded", train: i % 5 === 4 ? "failed" : "succeeded", report: i % 5 === 4 ? "skipped" : "succeeded" },
      metrics: Object.fromEntries(Array.from({ length: metrics }, (_, m) => [`metric_${String(m).padStart(2, "0")}`, Number((((i + 1) * (m + 3)) % 97 / 97).toFixed(4))])),
      params: { "model.lr": [0.1, 0.05, 0.01][i % 3]!, "model.depth": 4, "data.split": i % 2 === 0 ? "time" : "random" },
    };
    return { key: `/work/project:${run.runFolder}`, project: "project", run };
  });
}
