// The scheduler on its own: dependency order, the concurrency limit, skips after a failure, and what a
// cancel leaves. Tasks are stand-ins that finish when the test says so, so no timing is involved.

import assert from "node:assert/strict";
import type { Edge } from "../../../shared/dag-model";
import { schedule, type FinishedStatus, type ScheduleInput } from "../../src/exec/scheduler";

interface Harness {
  log: string[];
  running: Map<string, (s: FinishedStatus) => void>;
  done: Promise<Awaited<ReturnType<typeof schedule>>>;
}

/** Runs `schedule`; each started task waits in `running` until the test finishes it. */
function start(order: string[], edges: Edge[], extra: Partial<ScheduleInput> = {}): Harness {
  const log: string[] = [];
  const running = new Map<string, (s: FinishedStatus) => void>();
  const done = schedule({
    order,
    edges,
    selected: new Set(order),
    concurrency: 10,
    runTask: (label) => {
      log.push(`start ${label}`);
      return new Promise((resolve) => running.set(label, (s) => (running.delete(label), log.push(`${s} ${label}`), resolve(s))));
    },
    onSkipped: (label) => log.push(`skipped ${label}`),
    ...extra,
  });
  return { log, running, done };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("scheduler", () => {
  it("starts a task only when everything it depends on has finished", async () => {
    const h = start(["a", "b", "c", "d"], [["a", "b"], ["a", "c"], ["b", "d"], ["c", "d"]]);
    await tick();
    assert.deepEqual([...h.running.keys()], ["a"]);
    h.running.get("a")!("succeeded");
    await tick();
    assert.deepEqual([...h.running.keys()], ["b", "c"]);
    h.running.get("b")!("succeeded");
    await tick();
    assert.deepEqual([...h.running.keys()], ["c"], "d still waits for c");
    h.running.get("c")!("succeeded");
    await tick();
    h.running.get("d")!("succeeded");
    assert.deepEqual(await h.done, { failed: 0, cancelled: 0, notStarted: 0 });
  });

  it("never runs more than `concurrency` tasks at once", async () => {
    const h = start(["a", "b", "c"], [], { concurrency: 2 });
    await tick();
    assert.deepEqual([...h.running.keys()], ["a", "b"]);
    h.running.get("b")!("succeeded");
    await tick();
    assert.deepEqual([...h.running.keys()], ["a", "c"]);
    h.running.get("a")!("succeeded");
    h.running.get("c")!("succeeded");
    await h.done;
  });

  it("skips everything downstream of a failure, transitively, and finishes independent branches", async () => {
    const h = start(["a", "b", "c", "x", "y"], [["a", "b"], ["b", "c"], ["x", "c"], ["x", "y"]]);
    await tick();
    h.running.get("a")!("failed");
    await tick();
    h.running.get("x")!("succeeded");
    await tick();
    h.running.get("y")!("succeeded");
    assert.deepEqual(await h.done, { failed: 1, cancelled: 0, notStarted: 0 });
    assert.deepEqual(h.log, ["start a", "start x", "failed a", "skipped b", "succeeded x", "skipped c", "start y", "succeeded y"]);
  });

  it("treats dependencies outside the selection as done", async () => {
    const log: string[] = [];
    const result = await schedule({
      order: ["a", "b", "c"],
      edges: [["a", "b"], ["b", "c"]],
      selected: new Set(["b", "c"]),
      concurrency: 1,
      // A task that finishes synchronously returns its status, not a promise.
      runTask: (label) => (log.push(label), "succeeded"),
      onSkipped: () => assert.fail("nothing is skipped"),
    });
    assert.deepEqual(log, ["b", "c"]);
    assert.equal(result.notStarted, 0);
  });

  it("starts, and skips, a task's dependents in the order their edges were declared, not the task order", async () => {
    const log: string[] = [];
    await schedule({
      order: ["a", "b", "c", "d", "e"],
      edges: [["a", "d"], ["a", "b"], ["a", "c"], ["b", "e"]],
      selected: new Set(["a", "b", "c", "d", "e"]),
      concurrency: 1,
      runTask: (label) => (log.push(label), "succeeded"),
      onSkipped: () => assert.fail("nothing is skipped"),
    });
    assert.deepEqual(log, ["a", "d", "b", "c", "e"]);
    const skipped: string[] = [];
    await schedule({
      order: ["a", "b", "c", "d"],
      edges: [["a", "c"], ["a", "b"], ["b", "d"]],
      selected: new Set(["a", "b", "c", "d"]),
      concurrency: 1,
      runTask: () => "failed",
      onSkipped: (label) => skipped.push(label),
    });
    assert.deepEqual(skipped, ["c", "b", "d"]);
  });

  it("a task that cancels the run while it runs synchronously stops the chain after it", async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const result = await schedule({
      order: ["a", "b", "c"],
      edges: [["a", "b"], ["b", "c"]],
      selected: new Set(["a", "b", "c"]),
      concurrency: 1,
      signal: controller.signal,
      runTask: (label) => {
        log.push(label);
        if (label === "b") controller.abort();
        return "succeeded";
      },
      onSkipped: () => assert.fail("nothing is skipped"),
    });
    assert.deepEqual(log, ["a", "b"]);
    assert.deepEqual(result, { failed: 0, cancelled: 0, notStarted: 1 });
  });

  it("after a cancel starts nothing new; the cancelled task's downstream is not skipped but left to resume", async () => {
    const controller = new AbortController();
    const h = start(["a", "b", "c"], [["a", "b"]], { signal: controller.signal, concurrency: 1 });
    await tick();
    controller.abort();
    h.running.get("a")!("cancelled");
    assert.deepEqual(await h.done, { failed: 0, cancelled: 1, notStarted: 2 });
    assert.deepEqual(h.log, ["start a", "cancelled a"]);
  });

  it("runs a 10,000-task chain without overflowing the stack", async () => {
    const order = Array.from({ length: 10000 }, (_, i) => `t${i}`);
    const edges = order.slice(1).map((l, i): Edge => [order[i], l]);
    let ran = 0;
    let skipped = 0;
    const result = await schedule({
      order,
      edges,
      selected: new Set(order),
      concurrency: 4,
      runTask: async (): Promise<FinishedStatus> => (++ran === 1 ? "failed" : "succeeded"),
      onSkipped: () => skipped++,
    });
    assert.deepEqual([ran, skipped, result.failed], [1, 9999, 1]);
  });

  it("runs a chain of tasks that finish synchronously in one loop, yet serves the event loop: a cancel from a timer stops it", async () => {
    const order = Array.from({ length: 100_000 }, (_, i) => `t${i}`);
    const edges = order.slice(1).map((l, i): Edge => [order[i], l]);
    const controller = new AbortController();
    // Fires only if the scheduler gives the event loop a turn while the chain still runs.
    setImmediate(() => controller.abort());
    let ran = 0;
    const result = await schedule({
      order,
      edges,
      selected: new Set(order),
      concurrency: 1,
      signal: controller.signal,
      runTask: () => {
        ran++;
        // Busy for a millisecond, so the chain outlasts a turn of the event loop.
        for (const until = performance.now() + 1; performance.now() < until; );
        return "succeeded";
      },
      onSkipped: () => assert.fail("nothing is skipped"),
    });
    assert.ok(ran > 0 && ran < order.length, `ran ${ran} of ${order.length}`);
    assert.deepEqual(result, { failed: 0, cancelled: 0, notStarted: order.length - ran });
  });
});
