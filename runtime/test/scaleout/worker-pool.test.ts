// The worker-pool executor: tasks in separate processes that loaded the project as the CLI does, in
// parallel, talking only through storage; processes kept between tasks or fresh per task (a setting);
// a CPU-bound task that overruns its timeout is really stopped.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunEvent } from "../../../shared/events";
import { runDag } from "../../src/exec/run";
import { loadProject } from "../../src/loader/load-project";
import { type FixtureProject, writeProject } from "./fixture-project";

const FAN_OUT = `import { DAG, Task, mlops, storage } from "gluepy";

// When this process had loaded the project.
const LOADED = Date.now();

class Source extends Task {
  async run() {
    await storage.touch(storage.runpath("source.txt"), "21");
  }
}

function worker(n: number) {
  return class extends Task {
    static label = "work" + n;
    async run() {
      const input = Number((await storage.open(storage.runpath("source.txt"))).toString());
      console.log("work" + n + " in", process.pid);
      await storage.touch(storage.runpath("out/work" + n + ".json"), JSON.stringify({ value: input * 2, pid: process.pid, loaded: LOADED }));
    }
  };
}

class Spin extends Task {
  static timeoutMs = 500;
  static retries = 1;
  run() {
    for (;;) {} // CPU-bound: nothing in this process can interrupt it
  }
}

class Tiny extends Task {
  static isolation = "in-process" as const;
  async run() {
    await storage.touch(storage.runpath("out/tiny.json"), JSON.stringify({ pid: process.pid }));
  }
}

class Alone extends Task {
  static isolation = "per-task" as const;
  async run() {
    await storage.touch(storage.runpath("out/alone.json"), JSON.stringify({ pid: process.pid }));
  }
}

class Metric extends Task {
  async run() {
    await mlops.logMetric("accuracy", 0.93);
  }
}

export class FanOut extends DAG {
  static label = "fanout";
  static tasks = [Source, [1, 2, 3, 4, 5, 6].map(worker)];
}

class SlowSource extends Task {
  static label = "source";
  async run() {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await storage.touch(storage.runpath("source.txt"), "21");
  }
}

export class Warm extends DAG {
  static label = "warm";
  static tasks = [SlowSource, [worker(1), worker(2)]];
}

export class Mixed extends DAG {
  static label = "mixed";
  static tasks = [Source, [worker(1), worker(2), Tiny, Alone]];
}

export class Stuck extends DAG {
  static label = "stuck";
  static tasks = [Spin];
}

export class Metrics extends DAG {
  static label = "metrics";
  static tasks = [Metric];
}
`;

describe("worker-pool executor", function () {
  this.timeout(120_000);
  let project: FixtureProject | undefined;
  afterEach(() => project?.cleanup());

  async function run(dag: string, settings = "{}") {
    project = writeProject(FAN_OUT, settings);
    const loaded = await loadProject(project.dir, { env: {} });
    const events: RunEvent[] = [];
    const outcome = await runDag({
      projectDir: loaded.dir,
      registry: loaded.registry,
      settings: loaded.settings,
      dag,
      executor: "worker-pool",
      concurrency: 2,
      onWarning: () => {},
      onEvent: (e) => events.push(e),
    });
    const pidOf = (task: string) => JSON.parse(readFileSync(join(project!.storageRoot, outcome.runFolder, "out", `${task}.json`), "utf8")).pid as number;
    return { outcome, events, pidOf };
  }

  const workers = ["work1", "work2", "work3", "work4", "work5", "work6"];

  it("runs tasks in other processes, at most `concurrency` of them, each kept for task after task", async () => {
    const { outcome, events, pidOf } = await run("fanout");
    assert.equal(outcome.status, "succeeded");
    const pids = new Set(workers.map(pidOf));
    assert.equal(pids.size, 2);
    assert.ok(!pids.has(process.pid));
    // Their data came through storage; their console output came back as the task's log.
    const value = JSON.parse(readFileSync(join(project!.storageRoot, outcome.runFolder, "out", "work3.json"), "utf8")).value;
    assert.equal(value, 42);
    assert.ok(events.some((e) => e.event === "task-log" && e.task === "work3" && e.text.startsWith("work3 in ")));
  });

  it("has its processes loaded before tasks need them: two parallel tasks do not wait on a fork", async () => {
    const { outcome, events } = await run("warm");
    assert.equal(outcome.status, "succeeded");
    const out = (task: string) => JSON.parse(readFileSync(join(project!.storageRoot, outcome.runFolder, "out", `${task}.json`), "utf8")) as { pid: number; loaded: number };
    const [one, two] = [out("work1"), out("work2")];
    assert.notEqual(one.pid, two.pid);
    const firstStart = Math.min(...events.filter((e) => e.event === "task-start" && e.task.startsWith("work")).map((e) => Date.parse(e.ts)));
    for (const w of [one, two]) assert.ok(w.loaded <= firstStart, `process ${w.pid} loaded ${w.loaded - firstStart} ms after the first parallel task started`);
  });

  it("gives every task a fresh process with workerPool.isolation 'per-task'", async () => {
    const { outcome, pidOf } = await run("fanout", `{ workerPool: { isolation: "per-task" } }`);
    assert.equal(outcome.status, "succeeded");
    assert.equal(new Set(workers.map(pidOf)).size, workers.length);
  });

  it("honours a task's own isolation: in the run's process, or in a fresh process of its own", async () => {
    const { outcome, pidOf } = await run("mixed");
    assert.equal(outcome.status, "succeeded");
    assert.equal(pidOf("tiny"), process.pid);
    const pooled = new Set([pidOf("work1"), pidOf("work2")]);
    assert.ok(!pooled.has(pidOf("alone")) && pidOf("alone") !== process.pid);
  });

  it("stops a CPU-bound task at its timeout by ending its process, retries it in a new one, and the run ends failed", async () => {
    const { outcome, events } = await run("stuck");
    assert.equal(outcome.status, "failed");
    const end = events.find((e) => e.event === "task-end" && e.task === "spin");
    assert.ok(end && end.event === "task-end");
    assert.equal(end.status, "failed");
    assert.equal(end.attempt, 2);
    assert.match(end.error!.message, /did not finish within its timeoutMs of 500 ms/);
  });

  it("records metrics logged in a pool process as the run's metric events and in metrics.json", async () => {
    const { outcome, events } = await run("metrics");
    assert.equal(outcome.status, "succeeded");
    assert.ok(events.some((e) => e.event === "metric" && e.key === "accuracy" && e.value === 0.93));
    const metrics = JSON.parse(readFileSync(join(project!.storageRoot, outcome.runFolder, "metrics.json"), "utf8"));
    assert.deepEqual(metrics, { accuracy: 0.93 });
  });
});
