// Fault injection: for every way a run can end badly (a task's thrown error, unhandled rejection, uncaught
// exception in a timer, process.exit(), SIGINT, SIGTERM, SIGHUP, SIGKILL, running out of heap), in every executor
// (in-process, worker-pool, BullMQ with a real redis-server and a `gluepy worker`), the run folder
// afterwards is read by `gluepy runs` with the right statuses, `--retry <folder> --resume` completes it,
// and no task recorded succeeded runs again. The built CLI runs as a user runs it.

import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { parseRunEvent, type RunEvent, type TaskEndEvent } from "../../../shared/events";
import type { RunSummary } from "../../../shared/run-summary";
import { collect, ensureBuilt, startCli, type CliResult } from "../cli/support/cli";
import { waitForExit, waitForLine } from "../scaleout/process";
import { startRedis, type TestRedis } from "../support/redis";
import { FAULT_MESSAGES, FaultProject } from "./fault-project";
import { onRunEvents } from "../support/run-events";

const EXECUTORS = ["in-process", "worker-pool", "bullmq"] as const;

/** The heap the out-of-memory runs get: small, so they fill it in a second. */
const SMALL_HEAP = "--max-old-space-size=100";

for (const executor of EXECUTORS) {
  describe(`faults in a run, ${executor} executor`, function () {
    this.timeout(120_000);
    let project: FaultProject;
    let redis: TestRedis | undefined;
    let worker: ChildProcess | undefined;
    const env = (): NodeJS.ProcessEnv => (redis ? { GLUEPY_REDIS_URL: redis.url } : {});

    before(async () => {
      ensureBuilt();
      project = new FaultProject();
      if (executor !== "bullmq") return;
      redis = await startRedis();
      // Its task processes inherit the small heap (the out-of-memory case runs there); nothing else needs more.
      worker = startCli(["--project", project.dir, "worker"], { env: { ...env(), NODE_OPTIONS: SMALL_HEAP } });
      await waitForLine(worker, /gluepy worker: ready/, 60_000);
    });
    after(async () => {
      project.setFault(undefined);
      if (worker && worker.exitCode === null) {
        worker.kill("SIGTERM");
        await waitForExit(worker, 30_000).catch(() => worker!.kill("SIGKILL"));
      }
      await redis?.stop();
      project.cleanup();
    });

    const dag = (label: string, extra: string[], options: { env?: NodeJS.ProcessEnv } = {}) =>
      startCli(["--project", project.dir, "dag", label, "--json", "--executor", executor, "--concurrency", "2", ...extra], { env: { ...env(), ...options.env } });

    async function runsEntry(runFolder: string): Promise<RunSummary> {
      const r = await collect(startCli(["--project", project.dir, "runs", "--json"], { env: env() }));
      assert.equal(r.code, 0, r.stderr);
      const run = (JSON.parse(r.stdout) as { runs: RunSummary[] }).runs.find((x) => x.runFolder === runFolder);
      assert.ok(run, `gluepy runs lists ${runFolder}:\n${r.stdout}`);
      return run;
    }

    /**
     * Resumes the run and checks it completes: every task succeeded, each task recorded succeeded before
     * did not run again, each other task ran exactly once more (its marker counts completions). With
     * `adopted`, a task a killed coordinator left on the queue may have completed there: the resume
     * adopts that completion, so such a task ran once more at most, and has run.
     */
    async function resumesToCompletion(label: string, runFolder: string, markersAtFault: Record<string, number>, adopted = false): Promise<void> {
      const before = await runsEntry(runFolder);
      project.setFault(undefined);
      const r = await collect(dag(label, ["--retry", runFolder, "--resume"]), 60_000);
      assert.equal(r.code, 0, `resume exit code; stderr:\n${r.stderr}`);
      const after = await runsEntry(runFolder);
      assert.equal(after.status, "succeeded");
      assert.deepEqual(Object.values(after.tasks), Object.keys(after.tasks).map(() => "succeeded"));
      const markers = project.markers();
      for (const [task, status] of Object.entries(before.tasks)) {
        const ranAgain = (markers[task] ?? 0) - (markersAtFault[task] ?? 0);
        const why = `task '${task}' (recorded ${status} before the resume) ran ${ranAgain} more times`;
        if (status === "succeeded" || !adopted) assert.equal(ranAgain, status === "succeeded" ? 0 : 1, why);
        else assert.ok(ranAgain <= 1 && (markers[task] ?? 0) >= 1, why);
      }
    }

    for (const fault of Object.keys(FAULT_MESSAGES) as (keyof typeof FAULT_MESSAGES)[]) {
      const label = fault === "reject-sync" ? "faulty-sync" : "faulty";
      const b = fault === "reject-sync" ? "syncb" : "b";
      it(`${fault}: fails that task with its message and position, skips its downstream, finishes the independent branch, resumes`, async () => {
        project.setFault(fault);
        const r = await collect(dag(label, []), 60_000);
        const markersAtFault = project.markers();
        assert.equal(r.code, 1, `exit code; stderr:\n${r.stderr}`);
        const events = eventsOf(r);
        const failure = events.filter((e): e is TaskEndEvent => e.event === "task-end" && e.task === b && e.status === "failed").at(-1);
        assert.ok(failure?.error, `a failed task-end of '${b}' in:\n${r.stdout}\nstderr:\n${r.stderr}`);
        assert.match(failure.error.message, FAULT_MESSAGES[fault]);
        assert.match(failure.error.file ?? "", /src[/\\]dags\.ts$/, `position of: ${JSON.stringify(failure.error)}`);
        const runFolder = runFolderOf(events);
        const run = await runsEntry(runFolder);
        assert.equal(run.status, "failed");
        // A rejection a synchronous run() leaves behind surfaces after the task ended: in the run's own
        // process c had started already; a task process waits a turn before it reports the attempt.
        const c = fault === "reject-sync" && executor === "in-process" ? "succeeded" : "skipped";
        assert.deepEqual(run.tasks, { a: "succeeded", x: "succeeded", [b]: "failed", c, y: "succeeded" });
        await resumesToCompletion(label, runFolder, markersAtFault);
      });
    }

    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      it(`${signal}: stops the running task as cancelled, exit 130, resumes`, async () => {
        project.setFault("hang");
        const child = dag("faulty", []);
        const events = await eventsUntil(child, (e) => e.event === "task-start" && e.task === "b");
        child.kill(signal);
        const r = await collect(child, 60_000);
        const markersAtFault = project.markers();
        assert.equal(r.code, 130, r.stderr);
        const run = await runsEntry(runFolderOf(events));
        assert.equal(run.status, "cancelled");
        assert.equal(run.tasks.a, "succeeded");
        assert.equal(run.tasks.b, "cancelled");
        assert.equal(run.tasks.c, "pending");
        await resumesToCompletion("faulty", runFolderOf(events), markersAtFault);
      });
    }

    it("SIGKILL: leaves a prefix `gluepy runs` reads (the task running), resumes without running a recorded success again", async () => {
      project.setFault("hang");
      const child = dag("faulty", []);
      const events = await eventsUntil(child, (e) => e.event === "task-start" && e.task === "b");
      child.kill("SIGKILL");
      await collect(child, 60_000);
      const markersAtFault = project.markers();
      const run = await runsEntry(runFolderOf(events));
      assert.equal(run.status, "running");
      assert.equal(run.tasks.a, "succeeded");
      assert.equal(run.tasks.b, "running");
      assert.equal(run.tasks.c, "pending");
      // BullMQ: the jobs the coordinator enqueued outlive it on the queue and its workers.
      await resumesToCompletion("faulty", runFolderOf(events), markersAtFault, executor === "bullmq");
    });

    // The run's own process guards its record; where tasks run does not change that: once is enough.
    if (executor === "in-process") {
      it("an uncaught exception outside any task: the run ends failed saying why, exit 1, resumes", async () => {
        project.setFault("module-throw");
        const r = await collect(dag("faulty", []), 60_000);
        const markersAtFault = project.markers();
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /gluepy: uncaught exception: .*a module timer threw/);
        const events = eventsOf(r);
        const b = events.find((e): e is TaskEndEvent => e.event === "task-end" && e.task === "b");
        assert.equal(b?.status, "failed");
        assert.match(b.error?.message ?? "", /The run stopped on an error outside any task: a module timer threw/);
        const run = await runsEntry(runFolderOf(events));
        assert.equal(run.status, "failed");
        assert.equal(run.tasks.b, "failed");
        await resumesToCompletion("faulty", runFolderOf(events), markersAtFault);
      });

      it("process.exit(0) outside any task: the record ends the running task failed, exit 1 not 0, resumes", async () => {
        project.setFault("module-exit");
        const r = await collect(dag("faulty", []), 60_000);
        const markersAtFault = project.markers();
        assert.equal(r.code, 1, r.stderr);
        const events = eventsOf(r);
        const b = events.find((e): e is TaskEndEvent => e.event === "task-end" && e.task === "b");
        assert.equal(b?.status, "failed");
        assert.match(b.error?.message ?? "", /The process exited \(code 0\) while the task was running/);
        const run = await runsEntry(runFolderOf(events));
        assert.equal(run.status, "failed");
        await resumesToCompletion("faulty", runFolderOf(events), markersAtFault);
      });
    }

    it("out of heap: the task fails saying so, the run's record is complete, resumes", async () => {
      project.setFault("oom");
      // In the BullMQ case the worker's task processes have the small heap (see before()).
      const r = await collect(dag("faulty", [], { env: executor === "bullmq" ? {} : { NODE_OPTIONS: SMALL_HEAP } }), 60_000);
      const markersAtFault = project.markers();
      assert.equal(r.code, 1, r.stderr);
      const events = eventsOf(r);
      const failure = events.find((e): e is TaskEndEvent => e.event === "task-end" && e.task === "b");
      assert.equal(failure?.status, "failed");
      // In this process the heap watch stops the run; a task process that runs out is lost, and says so.
      assert.match(failure.error?.message ?? "", executor === "in-process" ? /ran out of memory/ : /process .*exited|stopped responding|out of memory/);
      const run = await runsEntry(runFolderOf(events));
      assert.equal(run.status, "failed");
      assert.equal(run.tasks.a, "succeeded");
      assert.equal(run.tasks.b, "failed");
      await resumesToCompletion("faulty", runFolderOf(events), markersAtFault);
    });
  });
}

function eventsOf(r: CliResult): RunEvent[] {
  return r.stdout.split("\n").map(parseRunEvent).filter((e): e is RunEvent => e !== undefined);
}

function runFolderOf(events: RunEvent[]): string {
  const start = events.find((e) => e.event === "run-start");
  assert.ok(start?.event === "run-start", "a run-start event");
  return start.runFolder;
}

/** The run's events as they come on stdout, until one matches (or the process exits). */
function eventsUntil(child: ChildProcess, match: (e: RunEvent) => boolean): Promise<RunEvent[]> {
  return new Promise((resolve, reject) => {
    const events: RunEvent[] = [];
    const stop = onRunEvents(child.stdout!, (e) => {
      events.push(e);
      if (!match(e)) return;
      stop();
      child.off("exit", onExit);
      resolve(events);
    });
    const onExit = (code: number | null) => reject(new Error(`gluepy exited (${code}) before the awaited event; events: ${JSON.stringify(events)}`));
    child.once("exit", onExit);
  });
}
