import * as assert from "node:assert/strict";
import type { RunEvent } from "../../../shared/events";
import type { RunScope } from "../../src/exec/scope";
import { MemoryStorage } from "../../src/files/storages/memory";
import { flushMetrics, logMetric, metricsBlock, readMetrics } from "../../src/ops/mlops";

const RUN_FOLDER = "runs/2026/11/25/m1";

function scopeFor(storage: MemoryStorage, task: string, events: RunEvent[]): RunScope {
  return { runId: "m1", runFolder: RUN_FOLDER, context: {}, storage, task, emit: (e) => events.push(e) };
}

describe("mlops metrics", () => {
  it("saves metrics to metrics.json in the run folder, Gluepy's flat { key: value } shape", async () => {
    const storage = new MemoryStorage();
    const events: RunEvent[] = [];
    await logMetric(scopeFor(storage, "evaluate", events), "mae", 1.25);
    await logMetric(scopeFor(storage, "evaluate", events), "rmse", 2);
    await logMetric(scopeFor(storage, "evaluate", events), "mae", 1.5);
    assert.deepEqual(JSON.parse((await storage.open(`${RUN_FOLDER}/metrics.json`)).toString()), { mae: 1.5, rmse: 2 });
    assert.deepEqual(await readMetrics(storage, RUN_FOLDER), { mae: 1.5, rmse: 2 });
  });

  it("publishes a metric event naming the task", async () => {
    const storage = new MemoryStorage();
    const events: RunEvent[] = [];
    await logMetric(scopeFor(storage, "evaluate", events), "mape", 0.1);
    assert.equal(events.length, 1);
    const [e] = events;
    assert.equal(e.event, "metric");
    assert.ok(e.event === "metric" && e.task === "evaluate" && e.key === "mape" && e.value === 0.1);
    assert.ok(!Number.isNaN(Date.parse(e.ts)));
  });

  it("loses no metric when many tasks log at the same time", async () => {
    const storage = new MemoryStorage();
    const events: RunEvent[] = [];
    const writes = [];
    for (let i = 0; i < 40; i++) writes.push(logMetric(scopeFor(storage, `task${i % 4}`, events), `m${i}`, i));
    await Promise.all(writes);
    const saved = await readMetrics(storage, RUN_FOLDER);
    assert.equal(Object.keys(saved).length, 40);
    for (let i = 0; i < 40; i++) assert.equal(saved[`m${i}`], i);
  });

  it("flushMetrics waits for writes that were not awaited", async () => {
    const storage = new MemoryStorage();
    void logMetric(scopeFor(storage, "t", []), "late", 3);
    await flushMetrics(storage, RUN_FOLDER);
    assert.deepEqual(await readMetrics(storage, RUN_FOLDER), { late: 3 });
  });

  it("refuses a metric that is not a finite number, or has no name", async () => {
    const storage = new MemoryStorage();
    await assert.rejects(logMetric(scopeFor(storage, "t", []), "mae", Number.NaN), /finite number/);
    await assert.rejects(logMetric(scopeFor(storage, "t", []), "mae", "1" as unknown as number), /finite number/);
    await assert.rejects(logMetric(scopeFor(storage, "t", []), "", 1), /metric name/);
    assert.equal(await storage.exists(`${RUN_FOLDER}/metrics.json`), false);
  });

  it("reads no metrics from a run that logged none", async () => {
    assert.deepEqual(await readMetrics(new MemoryStorage(), RUN_FOLDER), {});
  });

  it("prints Gluepy's metrics block", () => {
    assert.equal(metricsBlock({ mae: 1.5, rmse: 2 }), "=== GLUEPY METRICS ===\nmetric:mae=1.5\nmetric:rmse=2\n=== END METRICS ===\n");
    assert.equal(metricsBlock({}), "");
  });
});
