// Distributed runs on BullMQ with a real Redis: `gluepy worker` processes execute the tasks,
// `gluepy dag <label> --executor bullmq` coordinates; the run folder on storage is their only channel.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunEvent } from "../../../shared/events";
import type { RunState } from "../../../shared/run-state";
import { startRedis, type TestRedis } from "../support/redis";
import { edgesOf, layeredDag, type FixtureProject, type TaskSpec, writeFixtureProject } from "./fixture-project";
import { gluepy, killGroup, type GluepyProcess } from "./gluepy-cli";
import { S3Storage } from "../../src/files/storages/s3";
import { startS3Server } from "./s3-server";
import { waitForExit, waitForLine } from "./process";
import { isAlive } from "../../../test/support/processes";

// Short locks so a killed worker's task is handed on within seconds; not shorter, or a worker starved of CPU on a
// loaded machine misses its renewal and a healthy task counts as stalled.
const SETTINGS = "{ bullmq: { lockDurationMs: 3000, stalledIntervalMs: 1000 } }";

describe("distributed runs on BullMQ (real Redis, worker processes)", function () {
  this.timeout(180_000);
  let redis: TestRedis;
  let queues = 0;
  const processes: GluepyProcess[] = [];
  const projects: FixtureProject[] = [];

  before(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) {
      const running = p.child.exitCode === null && p.child.signalCode === null;
      killGroup(p);
      if (running) await waitForExit(p.child, 10_000);
    }
    for (const p of projects.splice(0)) p.cleanup();
  });
  after(async () => {
    await redis?.stop();
  });

  /** A project and an environment with a queue of its own on the test Redis. */
  function setUp(label: string, specs: TaskSpec[], settings = SETTINGS, extraEnv: NodeJS.ProcessEnv = {}) {
    const project = writeFixtureProject(label, specs, settings);
    projects.push(project);
    const env = { ...extraEnv, GLUEPY_REDIS_URL: redis.url, GLUEPY_BULLMQ_QUEUE: `test-${process.pid}-${++queues}` };
    const run = (args: string[]) => {
      const p = gluepy(args, { project: project.dir, env });
      processes.push(p);
      return p;
    };
    const startWorkers = async (n: number) => {
      const workers = Array.from({ length: n }, () => run(["worker"]));
      await Promise.all(workers.map((w) => waitForLine(w.child, /gluepy worker: ready/, 60_000)));
      return workers;
    };
    return { project, run, startWorkers };
  }

  function runFolderOf(p: GluepyProcess): string {
    const start = p.events().find((e) => e.event === "run-start");
    assert.ok(start && start.event === "run-start", `no run-start event; stderr:\n${p.stderr()}`);
    return start.runFolder;
  }

  function readRecords(project: FixtureProject, runFolder: string): { state: RunState; events: RunEvent[] } {
    const dir = join(project.storageRoot, runFolder, ".gluepy");
    const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as RunState;
    const events = readFileSync(join(dir, "events.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as RunEvent);
    return { state, events };
  }

  /** Who started `task`: one "<pid>-<parent pid>-<ms>" file per start, in the run folder. */
  function startsOf(project: FixtureProject, runFolder: string, task: string): string[] {
    const dir = join(project.storageRoot, runFolder, "started", task);
    // Only finished writes: local storage writes through a temporary file beside the target.
    return existsSync(dir) ? readdirSync(dir).filter((name) => /^\d+-\d+-\d+$/.test(name)) : [];
  }

  /** The worker a start belongs to: the process itself, or its parent (a task in the worker's child process). */
  function workerOf(workers: GluepyProcess[], start: string): GluepyProcess | undefined {
    const [pid, ppid] = start.split("-").map(Number);
    return workers.find((w) => w.child.pid === pid || w.child.pid === ppid);
  }

  async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("runs a 200-task DAG with fan-out and fan-in on 3 worker processes, every edge respected", async () => {
    const specs = layeredDag(200);
    const edges = edgesOf(specs);
    assert.ok(specs.some((s) => s.deps.length > 1), "the DAG has fan-in");
    assert.ok(edges.some(([from], i) => edges.findIndex(([f]) => f === from) !== i), "the DAG has fan-out");
    const { project, run, startWorkers } = setUp("wide", specs);
    const workers = await startWorkers(3);

    const coordinator = run(["dag", "wide", "--executor", "bullmq", "--concurrency", "32", "--json"]);
    assert.equal(await waitForExit(coordinator.child, 150_000), 0, coordinator.stderr());

    const runFolder = runFolderOf(coordinator);
    const { state, events } = readRecords(project, runFolder);
    assert.equal(state.status, "succeeded");
    assert.deepEqual(
      Object.entries(state.tasks).filter(([, t]) => t.status !== "succeeded"),
      [],
    );
    assert.equal(Object.keys(state.tasks).length, 200);

    // Order: in the recorded events, each task starts only after all its upstream tasks ended...
    const endAt = new Map<string, number>();
    const startAt = new Map<string, number>();
    events.forEach((e, i) => {
      if (e.event === "task-end") endAt.set(e.task, i);
      if (e.event === "task-start" && !startAt.has(e.task)) startAt.set(e.task, i);
    });
    for (const [from, to] of edges) assert.ok(endAt.get(from)! < startAt.get(to)!, `${from} → ${to} in events.jsonl`);
    // ...and on the workers' clocks, each task began after its upstream tasks had finished.
    const trace = (t: string) => JSON.parse(readFileSync(join(project.storageRoot, runFolder, "trace", `${t}.json`), "utf8"));
    for (const [from, to] of edges) assert.ok(trace(from).end <= trace(to).start, `${from} ended before ${to} started`);

    // The workers did the work (each in its child process), all three of them; the coordinator ran none.
    const byWorker = new Set(specs.map((s) => trace(s.label).ppid as number));
    assert.deepEqual([...byWorker].sort(), workers.map((w) => w.child.pid!).sort());
  });

  it("hands the task of a worker killed with -9 to another worker; the records count both attempts", async () => {
    const specs: TaskSpec[] = [
      { label: "prepare", deps: [] },
      { label: "slow", deps: ["prepare"], sleepMs: 4000 },
      { label: "side", deps: ["prepare"] },
      { label: "report", deps: ["slow", "side"] },
    ];
    const { project, run, startWorkers } = setUp("crashy", specs);
    const workers = await startWorkers(3);
    const coordinator = run(["dag", "crashy", "--executor", "bullmq", "--json"]);

    const runFolder = await until("run-start", 60_000, () => coordinator.events().find((e) => e.event === "run-start") && runFolderOf(coordinator));
    const [firstStart] = await until("a worker to start 'slow'", 60_000, () => {
      const starts = startsOf(project, runFolder, "slow");
      return starts.length > 0 ? starts : undefined;
    });
    const victim = workerOf(workers, firstStart);
    assert.ok(victim, `'slow' started in ${firstStart}, which is no worker's (process-parent)`);
    // The worker itself dies (its task's process with it, as when a machine goes away).
    process.kill(Number(firstStart.split("-")[0]), "SIGKILL");
    victim.child.kill("SIGKILL");

    assert.equal(await waitForExit(coordinator.child, 120_000), 0, coordinator.stderr());
    const starts = startsOf(project, runFolder, "slow");
    assert.equal(starts.length, 2);
    assert.ok(starts.some((s) => workerOf(workers, s) !== victim), "a second worker ran 'slow'");

    const { state, events } = readRecords(project, runFolder);
    assert.equal(state.status, "succeeded");
    assert.equal(state.tasks.slow.status, "succeeded");
    assert.equal(state.tasks.slow.attempts, 2);
    const slow = events.flatMap((e) =>
      e.event === "task-start" && e.task === "slow" ? [[e.event, e.attempt, ""]] : e.event === "task-end" && e.task === "slow" ? [[e.event, e.attempt, e.status]] : [],
    );
    assert.deepEqual(
      slow,
      [
        ["task-start", 1, ""],
        ["task-start", 2, ""],
        ["task-end", 2, "succeeded"],
      ],
    );
    assert.ok(events.some((e) => e.event === "task-log" && e.task === "slow" && /stopped responding/.test(e.text)));
    // Nothing lost: every task's output is in the run folder.
    for (const s of specs) assert.ok(existsSync(join(project.storageRoot, runFolder, "out", `${s.label}.txt`)), s.label);
    assert.equal(state.tasks.report.status, "succeeded");
  });

  it("resumes a run whose coordinator was killed, without rerunning the tasks that had succeeded", async () => {
    const specs: TaskSpec[] = [
      { label: "c1", deps: [] },
      { label: "c2", deps: ["c1"], sleepMs: 300 },
      { label: "c3", deps: ["c2"], sleepMs: 300 },
      { label: "c4a", deps: ["c3"], sleepMs: 1500 },
      { label: "c4b", deps: ["c3"], sleepMs: 1500 },
      { label: "c5", deps: ["c4a", "c4b"], sleepMs: 300 },
    ];
    const { project, run, startWorkers } = setUp("resumable", specs);
    await startWorkers(2);
    const first = run(["dag", "resumable", "--executor", "bullmq", "--json"]);
    const runFolder = await until("run-start", 60_000, () => first.events().find((e) => e.event === "run-start") && runFolderOf(first));
    // Killed once state.json (what --resume reads) records c3 as succeeded, while c4a/c4b run.
    await until("state.json to record c3 as succeeded", 60_000, () => {
      try {
        return readRecords(project, runFolder).state.tasks.c3?.status === "succeeded" || undefined;
      } catch {
        return undefined; // not written yet
      }
    });
    first.child.kill("SIGKILL");
    await waitForExit(first.child, 10_000);

    const before = readRecords(project, runFolder).state;
    const succeeded = Object.entries(before.tasks)
      .filter(([, t]) => t.status === "succeeded")
      .map(([label]) => label);
    assert.deepEqual(succeeded.slice(0, 3), ["c1", "c2", "c3"]);
    assert.notEqual(before.status, "succeeded");

    const second = run(["dag", "resumable", "--executor", "bullmq", "--retry", runFolder, "--resume", "--json"]);
    assert.equal(await waitForExit(second.child, 120_000), 0, second.stderr());
    const { state } = readRecords(project, runFolder);
    assert.equal(state.status, "succeeded");
    for (const s of specs) assert.equal(state.tasks[s.label].status, "succeeded", s.label);
    for (const label of succeeded) assert.equal(startsOf(project, runFolder, label).length, 1, `${label} ran once`);
    const rerun = second.events().filter((e) => e.event === "task-start").map((e) => (e as { task: string }).task);
    assert.deepEqual(rerun.filter((t) => succeeded.includes(t)), []);
  });

  it("resumes a run whose coordinator was killed while tasks ran: what finished meanwhile is recorded, not run again", async () => {
    const specs: TaskSpec[] = [
      { label: "h", deps: [] },
      { label: "w1", deps: ["h"], sleepMs: 2500 },
      { label: "w2", deps: ["h"], sleepMs: 2500 },
      { label: "w3", deps: ["h"], sleepMs: 4000 },
      { label: "z", deps: ["w1", "w2", "w3"] },
    ];
    const { project, run, startWorkers } = setUp("adopt", specs);
    await startWorkers(3);
    const first = run(["dag", "adopt", "--executor", "bullmq", "--json"]);
    const runFolder = await until("run-start", 60_000, () => first.events().find((e) => e.event === "run-start") && runFolderOf(first));
    await until("w1, w2 and w3 to run on workers", 60_000, () => (["w1", "w2", "w3"].every((l) => startsOf(project, runFolder, l).length === 1) ? true : undefined));
    first.child.kill("SIGKILL");
    await waitForExit(first.child, 10_000);
    // They finish on the workers while no coordinator is there to record it.
    const out = (label: string) => existsSync(join(project.storageRoot, runFolder, "out", `${label}.txt`));
    await until("w1 and w2 to finish on their workers", 30_000, () => (out("w1") && out("w2") ? true : undefined));
    assert.notEqual(readRecords(project, runFolder).state.tasks.w1.status, "succeeded");

    const second = run(["dag", "adopt", "--executor", "bullmq", "--retry", runFolder, "--resume", "--json"]);
    assert.equal(await waitForExit(second.child, 120_000), 0, second.stderr());
    const { state } = readRecords(project, runFolder);
    assert.equal(state.status, "succeeded");
    for (const s of specs) {
      assert.equal(state.tasks[s.label].status, "succeeded", s.label);
      assert.equal(startsOf(project, runFolder, s.label).length, 1, `${s.label} ran once`);
    }
  });

  it("runs a whole DAG submitted as one job (gluepy worker submit --wait) on one worker, in-process there", async () => {
    const specs = layeredDag(20, 4);
    const { project, run, startWorkers } = setUp("whole", specs);
    const [worker] = await startWorkers(1);
    const submit = run(["worker", "submit", "whole", "--wait"]);
    assert.equal(await waitForExit(submit.child, 120_000), 0, submit.stderr());
    const runFolder = submit.stdout().trim();
    const { state } = readRecords(project, runFolder);
    assert.equal(state.status, "succeeded");
    assert.equal(Object.values(state.tasks).filter((t) => t.status === "succeeded").length, 20);
    const pids = new Set(specs.map((s) => JSON.parse(readFileSync(join(project.storageRoot, runFolder, "trace", `${s.label}.json`), "utf8")).pid));
    assert.deepEqual([...pids], [worker.child.pid]);
  });

  it("runs with an object store (S3 API) as the only channel: outputs and context live there, not on disk", async () => {
    const s3 = await startS3Server();
    try {
      const { endpoint, bucket, accessKeyId, secretAccessKey } = s3.options();
      const settings = `{ storage: { backend: "s3", s3: { bucket: "${bucket}", prefix: "shared", endpoint: "${endpoint}", forcePathStyle: true } } }`;
      const specs = layeredDag(12, 3);
      const { project, run, startWorkers } = setUp("objects", specs, settings, { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey });
      await startWorkers(2);
      const coordinator = run(["dag", "objects", "--executor", "bullmq", "--concurrency", "8", "--json"]);
      assert.equal(await waitForExit(coordinator.child, 120_000), 0, coordinator.stderr());
      const runFolder = runFolderOf(coordinator);

      const store = new S3Storage(s3.options("shared"));
      try {
        assert.deepEqual((await store.ls(`${runFolder}/out`)).files, specs.map((s) => `${s.label}.txt`).sort());
        assert.ok(await store.isfile(`${runFolder}/context.yaml`));
        const byWorker = new Set<number>();
        for (const s of specs) byWorker.add(JSON.parse((await store.open(`${runFolder}/trace/${s.label}.json`)).toString()).ppid);
        assert.equal(byWorker.size, 2, "both workers took tasks");
      } finally {
        store.destroy();
      }
      // On the coordinator's disk: only the run's records, no task data.
      assert.deepEqual(readdirSync(join(project.storageRoot, runFolder)), [".gluepy"]);
      assert.equal(readRecords(project, runFolder).state.status, "succeeded");
    } finally {
      await s3.stop();
    }
  });

  it("maps a task's retries to the engine's attempts, and skips what depends on a task that fails for good", async () => {
    const specs: TaskSpec[] = [
      { label: "first", deps: [] },
      { label: "flaky", deps: ["first"], retries: 2, failTimes: 2 },
      { label: "broken", deps: ["first"], retries: 1, failTimes: 5 },
      { label: "after_flaky", deps: ["flaky"] },
      { label: "after_broken", deps: ["broken"] },
    ];
    const { project, run, startWorkers } = setUp("retrying", specs);
    await startWorkers(2);
    const coordinator = run(["dag", "retrying", "--executor", "bullmq", "--json"]);
    assert.equal(await waitForExit(coordinator.child, 120_000), 1, coordinator.stderr());
    const { state, events } = readRecords(project, coordinator.events().length ? runFolderOf(coordinator) : "");
    assert.equal(state.status, "failed");
    assert.deepEqual(
      Object.fromEntries(Object.entries(state.tasks).map(([label, t]) => [label, [t.status, t.attempts]])),
      { first: ["succeeded", 1], flaky: ["succeeded", 3], broken: ["failed", 2], after_flaky: ["succeeded", 1], after_broken: ["skipped", 0] },
    );
    const brokenEnd = events.find((e) => e.event === "task-end" && e.task === "broken");
    assert.ok(brokenEnd && brokenEnd.event === "task-end");
    assert.equal(brokenEnd.error?.message, "broken fails on attempt 2");
    assert.ok(brokenEnd.error?.stack.includes("dags.ts"), "the stack of the user's error travels back");
    const retryNotes = events.filter((e) => e.event === "task-log" && e.task === "flaky" && /retrying/.test(e.text));
    assert.equal(retryNotes.length, 2);
  });

  it("stops a CPU-bound task on a worker at its timeoutMs, and the engine retries it", async () => {
    const specs: TaskSpec[] = [{ label: "endless", deps: [], busyMs: 60_000, timeoutMs: 1000, retries: 1 }];
    const { project, run, startWorkers } = setUp("timeouts", specs);
    await startWorkers(1);
    const coordinator = run(["dag", "timeouts", "--executor", "bullmq", "--json"]);
    assert.equal(await waitForExit(coordinator.child, 60_000), 1, coordinator.stderr());
    const { state } = readRecords(project, runFolderOf(coordinator));
    assert.deepEqual([state.tasks.endless.status, state.tasks.endless.attempts], ["failed", 2]);
    assert.match(state.tasks.endless.error!.message, /did not finish within its timeoutMs of 1000 ms/);
  });

  it("cancels on SIGINT (exit 130): queued tasks leave the queue, and --resume finishes the run", async () => {
    const specs: TaskSpec[] = [
      { label: "head", deps: [] },
      ...["a", "b", "c", "d", "e", "f"].map((l) => ({ label: l, deps: ["head"], sleepMs: 1500 })),
      { label: "tail", deps: ["a", "b", "c", "d", "e", "f"] },
    ];
    const { project, run, startWorkers } = setUp("cancel", specs);
    await startWorkers(1);
    const first = run(["dag", "cancel", "--executor", "bullmq", "--concurrency", "8", "--json"]);
    await until("a slow task to start", 60_000, () => first.events().find((e) => e.event === "task-start" && e.task !== "head"));
    first.child.kill("SIGINT");
    assert.equal(await waitForExit(first.child, 30_000), 130, first.stderr());
    const runFolder = runFolderOf(first);
    const cancelled = readRecords(project, runFolder).state;
    assert.equal(cancelled.status, "cancelled");
    const notDone = Object.entries(cancelled.tasks).filter(([, t]) => t.status !== "succeeded").map(([l]) => l);
    assert.ok(notDone.length >= 5, `most tasks were still to do: ${notDone.join(", ")}`);

    const second = run(["dag", "cancel", "--executor", "bullmq", "--concurrency", "8", "--retry", runFolder, "--resume", "--json"]);
    assert.equal(await waitForExit(second.child, 120_000), 0, second.stderr());
    const { state } = readRecords(project, runFolder);
    assert.equal(state.status, "succeeded");
    // Removed from the queue at the cancel, the waiting tasks ran once, on the resume.
    const single = ["a", "b", "c", "d", "e", "f"].filter((l) => startsOf(project, runFolder, l).length === 1);
    assert.ok(single.length >= 4, `tasks that ran once: ${single.join(", ")}`);
  });

  it("cancels a task running on a worker on SIGINT: its child process is killed, it is recorded cancelled, --resume completes it", async () => {
    const specs: TaskSpec[] = [
      { label: "long", deps: [], firstSleepMs: 120_000 },
      { label: "after", deps: ["long"] },
    ];
    const { project, run, startWorkers } = setUp("stop", specs);
    await startWorkers(1);
    const first = run(["dag", "stop", "--executor", "bullmq", "--json"]);
    const runFolder = await until("run-start", 60_000, () => first.events().find((e) => e.event === "run-start") && runFolderOf(first));
    const start = await until("long to start on the worker", 60_000, () => startsOf(project, runFolder, "long")[0]);
    const taskPid = Number(start.split("-")[0]);
    first.child.kill("SIGINT");
    assert.equal(await waitForExit(first.child, 30_000), 130, first.stderr());
    await until(`the task's process ${taskPid} to be gone`, 10_000, () => (isAlive(taskPid) ? undefined : true));
    const cancelled = readRecords(project, runFolder).state;
    assert.equal(cancelled.status, "cancelled");
    assert.equal(cancelled.tasks.long.status, "cancelled");

    const second = run(["dag", "stop", "--executor", "bullmq", "--retry", runFolder, "--resume", "--json"]);
    assert.equal(await waitForExit(second.child, 60_000), 0, second.stderr());
    const { state } = readRecords(project, runFolder);
    assert.equal(state.status, "succeeded");
    assert.deepEqual([state.tasks.long.status, state.tasks.after.status], ["succeeded", "succeeded"]);
    assert.equal(startsOf(project, runFolder, "long").length, 2, "the cancelled execution and the resumed one");
  });

  it("keeps a CPU-bound task longer than the lock on its worker: it runs in the worker's child process, the lock is renewed", async () => {
    const specs: TaskSpec[] = [
      { label: "crunch", deps: [], busyMs: 7000 },
      { label: "done", deps: ["crunch"] },
    ];
    const { project, run, startWorkers } = setUp("crunchy", specs);
    await startWorkers(2);
    const coordinator = run(["dag", "crunchy", "--executor", "bullmq", "--json"]);
    assert.equal(await waitForExit(coordinator.child, 120_000), 0, coordinator.stderr());
    const runFolder = runFolderOf(coordinator);
    // 7 s of computing against a 3 s lock: not handed to the other worker, one attempt.
    assert.equal(startsOf(project, runFolder, "crunch").length, 1);
    assert.equal(readRecords(project, runFolder).state.tasks.crunch.attempts, 1);
  });

  it("says where Redis was expected when it cannot be reached, for the worker and the coordinator", async () => {
    const project = writeFixtureProject("nowhere", [{ label: "only", deps: [] }]);
    projects.push(project);
    for (const args of [["worker"], ["dag", "nowhere", "--executor", "bullmq"]]) {
      const p = gluepy(args, { project: project.dir, env: { GLUEPY_REDIS_URL: "redis://127.0.0.1:1" } });
      processes.push(p);
      assert.equal(await waitForExit(p.child, 60_000), 1, args.join(" "));
      assert.match(p.stderr(), /Cannot reach Redis at redis:\/\/127\.0\.0\.1:1, queue 'gluepy' \(connect ECONNREFUSED[^)]*\)\. Start Redis/);
    }
  });
});
