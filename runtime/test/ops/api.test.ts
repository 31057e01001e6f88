import * as assert from "node:assert/strict";
import { inspect } from "node:util";
import type { RunEvent } from "../../../shared/events";
import { context, dataManager, mlops, storage } from "../../src/api";
import { buildContext, ContextWriteError } from "../../src/conf/context";
import { runInScope, type RunScope } from "../../src/exec/scope";
import { MemoryStorage } from "../../src/files/storages/memory";

async function scopeFor(runId: string, values: Record<string, unknown>, events: RunEvent[] = []): Promise<RunScope> {
  const meta = { runId, runFolder: `runs/2026/11/25/${runId}`, createdAt: "2026-11-25T00:00:00.000Z" };
  const ctx = await buildContext({ configsDir: "/nonexistent", meta, base: { ...values, gluepy: meta } });
  return { runId, runFolder: meta.runFolder, context: ctx, storage: new MemoryStorage(), task: "t", emit: (e) => events.push(e) };
}

describe("the singletons task code imports (context, storage, dataManager, mlops)", () => {
  it("read the current run's context as plain properties", async () => {
    const scope = await scopeFor("r1", { forecast: { horizon: 14 } });
    runInScope(scope, () => {
      assert.equal((context.forecast as { horizon: number }).horizon, 14);
      assert.equal(context.gluepy.runId, "r1");
      assert.equal("forecast" in context, true);
      assert.deepEqual(Object.keys(context).sort(), ["forecast", "gluepy"]);
      assert.deepEqual(JSON.parse(JSON.stringify(context)).forecast, { horizon: 14 });
      assert.match(inspect(context), /forecast: \{ horizon: 14 \}/, "console.log(context) shows the values");
    });
  });

  it("refuse writes to the context", async () => {
    const scope = await scopeFor("r1", { forecast: { horizon: 14 } });
    runInScope(scope, () => {
      assert.throws(() => {
        (context as Record<string, unknown>).forecast = {};
      }, ContextWriteError);
      assert.throws(() => {
        (context.forecast as { horizon: number }).horizon = 1;
      }, /forecast\.horizon/);
    });
  });

  it("give each concurrent run its own context and storage", async () => {
    const [a, b] = await Promise.all([scopeFor("run-a", { n: 1 }), scopeFor("run-b", { n: 2 })]);
    const seen = await Promise.all(
      [a, b].map((scope) =>
        runInScope(scope, async () => {
          await new Promise((r) => setTimeout(r, 5));
          await storage.touch(storage.runpath("x.txt"), String(context.n));
          return [context.gluepy.runId, context.n, storage.runpath("x.txt")];
        }),
      ),
    );
    assert.deepEqual(seen, [
      ["run-a", 1, "runs/2026/11/25/run-a/x.txt"],
      ["run-b", 2, "runs/2026/11/25/run-b/x.txt"],
    ]);
    assert.equal((await a.storage.open("runs/2026/11/25/run-a/x.txt")).toString(), "1");
    assert.equal(await a.storage.exists("runs/2026/11/25/run-b/x.txt"), false);
  });

  it("write data and metrics into the current run folder", async () => {
    const events: RunEvent[] = [];
    const scope = await scopeFor("r2", {}, events);
    await runInScope(scope, async () => {
      await dataManager.write("out.csv", await dataManager.frame({ y: [1, 2] }));
      await mlops.logMetric("mae", 0.5);
    });
    assert.equal(await scope.storage.isfile("runs/2026/11/25/r2/out.csv"), true);
    assert.deepEqual(JSON.parse((await scope.storage.open("runs/2026/11/25/r2/metrics.json")).toString()), { mae: 0.5 });
    assert.deepEqual(events.map((e) => e.event), ["metric"]);
  });

  it("explain that they need a run when used outside one", () => {
    assert.throws(() => context.forecast, /context is only available while a DAG runs/);
    assert.throws(() => storage.runpath("x"), /storage is only available while a DAG runs/);
    assert.throws(() => dataManager.read("x.csv"), /dataManager is only available while a DAG runs/);
    assert.throws(() => mlops.logMetric("mae", 1), /mlops is only available while a DAG runs/);
  });
});
