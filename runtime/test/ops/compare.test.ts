import * as assert from "node:assert/strict";
import { MemoryStorage } from "../../src/files/storages/memory";
import { compareRuns, renderComparison } from "../../src/ops/compare";

describe("--compare", () => {
  async function storageWithRuns() {
    const storage = new MemoryStorage();
    await storage.touch("runs/2026/11/24/run-a/metrics.json", JSON.stringify({ mae: 1.5, rmse: 2.25 }));
    await storage.touch("runs/2026/11/25/run-b/metrics.json", JSON.stringify({ mae: 1.25, mape: 0.08 }));
    await storage.mkdir("runs/2026/11/25/run-c");
    return storage;
  }

  it("tabulates every metric of every run, metric by run", async () => {
    const storage = await storageWithRuns();
    const table = await compareRuns(storage, ["runs/2026/11/24/run-a/", "runs/2026/11/25/run-b", "runs/2026/11/25/run-c"]);
    assert.deepEqual(table.runs, ["runs/2026/11/24/run-a", "runs/2026/11/25/run-b", "runs/2026/11/25/run-c"]);
    assert.deepEqual(table.metrics, ["mae", "mape", "rmse"]);
    assert.deepEqual(table.values, [
      [1.5, 1.25, undefined],
      [undefined, 0.08, undefined],
      [2.25, undefined, undefined],
    ]);
    assert.deepEqual(table.withoutMetrics, ["runs/2026/11/25/run-c"]);
  });

  it("renders an aligned text table with run ids as columns", async () => {
    const storage = await storageWithRuns();
    const text = renderComparison(await compareRuns(storage, ["runs/2026/11/24/run-a", "runs/2026/11/25/run-b"]));
    assert.equal(
      text,
      ["metric  run-a  run-b", "------  -----  -----", "mae       1.5   1.25", "mape        -   0.08", "rmse     2.25      -", ""].join("\n"),
    );
  });

  it("says so when no run has metrics", async () => {
    const storage = await storageWithRuns();
    assert.match(renderComparison(await compareRuns(storage, ["runs/2026/11/25/run-c"])), /No metrics found/);
  });

  it("uses whole folders as columns when run ids repeat", async () => {
    const storage = new MemoryStorage();
    await storage.touch("a/run/metrics.json", JSON.stringify({ mae: 1 }));
    await storage.touch("b/run/metrics.json", JSON.stringify({ mae: 2 }));
    assert.match(renderComparison(await compareRuns(storage, ["a/run", "b/run"])), /^metric\s+a\/run\s+b\/run$/m);
  });
});
