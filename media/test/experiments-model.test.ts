// The Experiments view's pure model: its columns, sort and filter, and what picking runs compares.

import { strict as assert } from "node:assert";
import { validateExperimentsMessage, type ExperimentRun } from "../../shared/experiments-protocol";
import type { RunSummary } from "../../shared/run-summary";
import { cellText, columnsOf, differingParams } from "../src/experiments/columns";
import { deltaText, metricDeltas, paramDiff } from "../src/experiments/comparison";
import { visibleRows, type TableOrder } from "../src/experiments/table-order";

function row(runId: string, over: Partial<RunSummary> = {}): ExperimentRun {
  const run: RunSummary = { runId, runFolder: `runs/2026/01/01/${runId}`, dag: "training", status: "succeeded", tasks: {}, metrics: {}, params: {}, ...over };
  return { key: `/p:${run.runFolder}`, project: "p", run };
}

const runs = [
  row("r1", { startedAt: "2026-01-01T10:00:00.000Z", durationMs: 500, metrics: { rmse: 0.4, mae: 3 }, params: { "model.lr": 0.1, "model.depth": 4, seed: 1 } }),
  row("r2", { startedAt: "2026-01-01T11:00:00.000Z", durationMs: 1500, status: "failed", metrics: { rmse: 0.3 }, params: { "model.lr": 0.05, "model.depth": 4, seed: 1 } }),
  row("r3", { startedAt: "2026-01-01T09:00:00.000Z", metrics: { rmse: 0.5, mae: 2 }, params: { "model.lr": 0.1, "model.depth": 4, seed: 1, extra: [1, 2] } }),
];
const order = (over: Partial<TableOrder> = {}): TableOrder => ({ sort: { column: "start", descending: true }, text: "", statuses: new Set(), ...over });
const ids = (rows: ExperimentRun[]) => rows.map((r) => r.run.runId);

describe("experiments model", () => {
  it("has the run's own columns, a column per metric any run recorded, and one per param that differs between runs", () => {
    const columns = columnsOf(runs);
    assert.deepEqual(
      columns.map((c) => c.id),
      ["status", "run", "start", "duration", "metric:mae", "metric:rmse", "param:extra", "param:model.lr"],
    );
    const byId = (id: string) => columns.find((c) => c.id === id)!;
    assert.equal(cellText(runs[0]!, byId("duration")), "500ms");
    assert.equal(cellText(runs[0]!, byId("start")), "2026-01-01 10:00:00");
    assert.equal(cellText(runs[1]!, byId("metric:mae")), "", "a run without the metric shows nothing");
    assert.equal(cellText(runs[2]!, byId("param:extra")), "[1,2]");
  });

  it("says which params differ: a value missing from one run counts as different, lists compare by content", () => {
    assert.deepEqual(differingParams([{ a: 1, b: [1], c: "x" }, { a: 1, b: [1], c: "y" }, { a: 1, b: [1] }]), ["c"]);
    assert.deepEqual(differingParams([]), []);
  });

  it("sorts by any column, numbers as numbers, runs with no value last in both directions", () => {
    const columns = columnsOf(runs);
    assert.deepEqual(ids(visibleRows(runs, columns, order())), ["r2", "r1", "r3"]);
    assert.deepEqual(ids(visibleRows(runs, columns, order({ sort: { column: "metric:rmse", descending: false } }))), ["r2", "r1", "r3"]);
    assert.deepEqual(ids(visibleRows(runs, columns, order({ sort: { column: "metric:mae", descending: true } }))), ["r1", "r3", "r2"]);
    assert.deepEqual(ids(visibleRows(runs, columns, order({ sort: { column: "metric:mae", descending: false } }))), ["r3", "r1", "r2"]);
    assert.deepEqual(ids(visibleRows(runs, columns, order({ sort: { column: "duration", descending: false } }))), ["r1", "r2", "r3"]);
  });

  it("filters by words in the DAG, run id or param=value (all must match), and by status", () => {
    const columns = columnsOf(runs);
    assert.deepEqual(ids(visibleRows(runs, columns, order({ text: "model.lr=0.1" }))), ["r1", "r3"]);
    assert.deepEqual(ids(visibleRows(runs, columns, order({ text: "TRAINING r3" }))), ["r3"]);
    assert.deepEqual(ids(visibleRows(runs, columns, order({ text: "nothing-like-this" }))), []);
    assert.deepEqual(ids(visibleRows(runs, columns, order({ statuses: new Set(["failed"] as const) }))), ["r2"]);
  });

  it("compares picked runs: each metric's change from the first picked, absolute and relative", () => {
    const [r1, r2, r3] = runs.map((r) => r.run);
    const deltas = metricDeltas([r1!, r2!, r3!]);
    assert.deepEqual(deltas.map((d) => d.metric), ["mae", "rmse"]);
    const rmse = deltas.find((d) => d.metric === "rmse")!;
    assert.deepEqual(rmse.values[0], { value: 0.4 });
    assert.ok(Math.abs(rmse.values[1]!.delta! + 0.1) < 1e-12 && Math.abs(rmse.values[1]!.relative! + 0.25) < 1e-12);
    assert.deepEqual(deltas.find((d) => d.metric === "mae")!.values, [{ value: 3 }, {}, { value: 2, delta: -1, relative: -1 / 3 }]);
    assert.equal(deltaText(-0.1, -0.25), "−0.1 (−25%)");
    assert.equal(deltaText(2, 0.5), "+2 (+50%)");
    assert.equal(deltaText(0, 0), "±0");
  });

  it("gives the params that differ between the picked runs, with each run's value (absent: undefined)", () => {
    const [r1, r2, r3] = runs.map((r) => r.run);
    assert.deepEqual(paramDiff([r1!, r2!]), [{ key: "model.lr", values: [0.1, 0.05] }]);
    assert.deepEqual(paramDiff([r1!, r3!]), [{ key: "extra", values: [undefined, [1, 2]] }]);
  });

  it("keeps only well-formed messages from the page, with exactly their fields", () => {
    assert.deepEqual(validateExperimentsMessage({ type: "run-from", key: "k", task: "train", extra: 1 }), { type: "run-from", key: "k", task: "train" });
    assert.deepEqual(validateExperimentsMessage({ type: "show-run", key: "k" }), { type: "show-run", key: "k" });
    assert.equal(validateExperimentsMessage({ type: "run-from", key: "k" }), undefined);
    assert.equal(validateExperimentsMessage({ type: "show-run", key: "a\nb" }), undefined);
    assert.equal(validateExperimentsMessage({ type: "delete-everything" }), undefined);
    assert.equal(validateExperimentsMessage(null), undefined);
  });
});
