import * as assert from "node:assert/strict";
import type { RunEvent } from "../../../shared/events";
import type { RunScope } from "../../src/exec/scope";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Storage } from "../../src/files/storages/base";
import { LocalStorage } from "../../src/files/storages/local";
import { MemoryStorage } from "../../src/files/storages/memory";
import { flushMetrics, logMetric, metricsBlock, readMetrics } from "../../src/ops/mlops";

const RUN_FOLDER = "runs/2026/11/25/m1";

function scopeFor(storage: Storage, task: string, events: RunEvent[]): RunScope {
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

  it("loses no metric when tasks in different processes log at the same time (one storage root, separate writers)", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "gluepy-metrics-"));
    try {
      // Two LocalStorage instances share no in-process queue: as two worker processes would.
      const writers = [new LocalStorage(dir), new LocalStorage(dir)];
      const writes = [];
      for (let i = 0; i < 30; i++) writes.push(logMetric(scopeFor(writers[i % 2], `task${i % 2}`, []), `m${i}`, i));
      await Promise.all(writes);
      const saved = await readMetrics(new LocalStorage(dir), RUN_FOLDER);
      assert.equal(Object.keys(saved).length, 30);
      for (let i = 0; i < 30; i++) assert.equal(saved[`m${i}`], i);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("repairs metrics.json when another writer's merge lands before a stale one", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "gluepy-metrics-"));
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let held = false;
      // Writer A's first metrics.json write waits until writer B has finished: A then writes a stale merge.
      class SlowLocalStorage extends LocalStorage {
        override async touch(p: string, content: string | Uint8Array): Promise<void> {
          if (p.endsWith("/metrics.json") && !held) {
            held = true;
            await gate;
          }
          return super.touch(p, content);
        }
      }
      const a = logMetric(scopeFor(new SlowLocalStorage(dir), "a", []), "from_a", 1);
      while (!held) await new Promise((r) => setTimeout(r, 1));
      await logMetric(scopeFor(new LocalStorage(dir), "b", []), "from_b", 2);
      release();
      await a;
      assert.deepEqual(await readMetrics(new LocalStorage(dir), RUN_FOLDER), { from_a: 1, from_b: 2 });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("keeps the latest value of a key two tasks both log", async () => {
    const storage = new MemoryStorage();
    await logMetric(scopeFor(storage, "a", []), "score", 1);
    await logMetric(scopeFor(storage, "b", []), "score", 2);
    await new Promise((r) => setTimeout(r, 2));
    await logMetric(scopeFor(storage, "a", []), "score", 3);
    assert.deepEqual(await readMetrics(storage, RUN_FOLDER), { score: 3 });
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
