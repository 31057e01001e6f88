// The worker-pool executor: CPU-bound tasks really in parallel, each attempt in a separate Node process
// (`gluepy worker --ipc`) that loaded the project the way the CLI does. Processes are started as the run
// needs them (never more than the tasks running at once) and, by default, kept for task after task;
// with isolation "per-task" (the `workerPool.isolation` setting, or a task's `static isolation`) every
// attempt gets a fresh process, and a task with `static isolation = "in-process"` (tiny or I/O-bound
// work) runs in the run's own process. A process can be stopped mid-computation, so a timeout or a
// cancel really stops the task.

import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runTaskAttempt, TaskTimeoutError } from "../task-runner";
import type { AttemptResult, Executor, ExecutorHooks, ExecutorSettings, LocalRun, TaskJob, TaskOutcome } from "./base";
import { withRetries } from "./retry";
import type { PoolReply, PoolRequest } from "./worker-pool-protocol";

export function createWorkerPoolExecutor(settings: ExecutorSettings, run: LocalRun): Executor {
  return new WorkerPoolExecutor(settings.projectDir, settings.workerPool?.isolation ?? "shared", run);
}

/** The `gluepy` CLI that is running this runtime: the bundle's cli.js beside gluepy.js, or the source. */
function cliEntry(): { file: string; execArgv: string[] } {
  const bundled = join(__dirname, "cli.js");
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  return { file: join(__dirname, "..", "..", "cli", "main.ts"), execArgv: ["--import", "tsx"] };
}

class PoolProcess {
  readonly ready: Promise<void>;
  private current: { job: TaskJob; hooks: ExecutorHooks; done(result: AttemptResult): void } | undefined;
  private exited = false;

  constructor(
    readonly child: ChildProcess,
    private readonly stderr: () => string,
    private readonly run: LocalRun,
  ) {
    this.ready = new Promise((resolve, reject) => {
      child.once("message", (m: PoolReply) => (m.type === "ready" ? resolve() : reject(new Error(`unexpected first message ${m.type}`))));
      child.once("exit", (code, signal) =>
        reject(new Error(`A worker-pool process exited (${signal ?? code}) while loading the project:\n${this.stderr().trim()}`)),
      );
    });
    child.on("message", (m: PoolReply) => this.onMessage(m));
    child.on("exit", (code, signal) => {
      this.exited = true;
      this.current?.done({
        status: "failed",
        durationMs: 0,
        error: { message: `The worker-pool process running this task exited (${signal ?? `code ${code}`}).${this.stderr() ? `\n${this.stderr().trim()}` : ""}`, stack: "" },
      });
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** One attempt; a timeout or cancel kills the process (the only way to stop a busy computation). */
  attempt(job: TaskJob, hooks: ExecutorHooks): Promise<AttemptResult> {
    const started = performance.now();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => finish({ status: "cancelled", durationMs: Math.round(performance.now() - started) }, true);
      const finish = (result: AttemptResult, kill = false) => {
        if (!this.current) return;
        this.current = undefined;
        clearTimeout(timer);
        hooks.signal.removeEventListener("abort", onAbort);
        if (kill) this.child.kill("SIGKILL");
        resolve(result);
      };
      this.current = { job, hooks, done: finish };
      if (job.timeoutMs) {
        const error = new TaskTimeoutError(job.task, job.timeoutMs);
        timer = setTimeout(() => finish({ status: "failed", durationMs: job.timeoutMs!, error: { message: error.message, stack: error.stack ?? "" } }, true), job.timeoutMs);
      }
      hooks.signal.addEventListener("abort", onAbort, { once: true });
      // The process gets no timeout of its own: this side enforces it.
      const request: PoolRequest = { type: "run", job: { ...job, timeoutMs: undefined } };
      this.child.send(request);
    });
  }

  private onMessage(m: PoolReply) {
    const c = this.current;
    if (!c) return;
    if (m.type === "log") c.hooks.onLog(m.stream, m.text);
    else if (m.type === "done") c.done(m.result);
    // The process wrote metrics.json through storage; the run records the event.
    else if (m.type === "metric") {
      this.run.scopeFor(c.job.task).emit({ event: "metric", ts: new Date().toISOString(), task: c.job.task, key: m.key, value: m.value });
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.disconnect();
    await exited;
  }
}

class WorkerPoolExecutor implements Executor {
  readonly name = "worker-pool";
  private readonly idle: PoolProcess[] = [];
  private readonly all = new Set<PoolProcess>();

  constructor(
    private readonly projectDir: string,
    private readonly isolation: "shared" | "per-task",
    private readonly run: LocalRun,
  ) {}

  execute(job: TaskJob, hooks: ExecutorHooks): Promise<TaskOutcome> {
    const taskClass = this.run.taskClass(job.task);
    const isolation = taskClass.isolation ?? this.isolation;
    if (isolation === "in-process") {
      const scope = this.run.scopeFor(job.task);
      return withRetries(job, hooks, () =>
        runTaskAttempt(taskClass, scope, { projectDir: this.projectDir, timeoutMs: job.timeoutMs, signal: hooks.signal, onLog: hooks.onLog }),
      );
    }
    return withRetries(job, hooks, async () => {
      const proc = await this.acquire(isolation === "shared");
      try {
        return await proc.attempt(job, hooks);
      } finally {
        this.release(proc, isolation);
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.all].map((p) => p.stop()));
    this.all.clear();
    this.idle.length = 0;
  }

  /** An idle kept process (when `reuse`), else a new one. */
  private async acquire(reuse: boolean): Promise<PoolProcess> {
    if (reuse) for (let p = this.idle.pop(); p; p = this.idle.pop()) if (p.alive) return p;
    const { file, execArgv } = cliEntry();
    let stderr = "";
    const child = fork(file, ["--project", this.projectDir, "worker", "--ipc"], {
      execArgv,
      stdio: ["ignore", "inherit", "pipe", "ipc"],
      serialization: "advanced",
    });
    child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const proc = new PoolProcess(child, () => stderr, this.run);
    this.all.add(proc);
    try {
      await proc.ready;
    } catch (err) {
      this.all.delete(proc);
      throw err;
    }
    return proc;
  }

  private release(proc: PoolProcess, isolation: "shared" | "per-task") {
    if (proc.alive && isolation === "shared") {
      this.idle.push(proc);
      return;
    }
    this.all.delete(proc);
    void proc.stop();
  }
}
