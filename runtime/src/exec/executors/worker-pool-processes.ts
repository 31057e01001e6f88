// A pool of `gluepy worker --ipc` processes that run task attempts for this process: the worker-pool
// executor uses it, and so does `gluepy worker` for tasks that should not block its event loop (a
// CPU-bound task there would stop BullMQ's lock renewals). Processes start when needed and, unless the
// attempt asks for a fresh one, are kept for the next attempt. A timeout or cancel kills the process:
// the only way to stop a busy computation.

import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { TaskTimeoutError } from "../task-runner";
import type { AttemptResult, TaskJob } from "./base";
import type { PoolReply, PoolRequest } from "./worker-pool-protocol";

/** Where one attempt's output goes, and what stops it. */
export interface AttemptChannel {
  onLog(stream: "stdout" | "stderr", text: string): void;
  onMetric(key: string, value: number): void;
  signal?: AbortSignal;
}

/** The `gluepy` CLI that is running this runtime: the bundle's cli.js beside gluepy.js, or the source. */
function cliEntry(): { file: string; execArgv: string[] } {
  const bundled = join(__dirname, "cli.js");
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  return { file: join(__dirname, "..", "..", "cli", "main.ts"), execArgv: ["--import", "tsx"] };
}

class PoolProcess {
  readonly ready: Promise<void>;
  private current: { channel: AttemptChannel; done(result: AttemptResult): void } | undefined;
  private exited = false;
  private killed = false;
  /** It reported a faulted attempt and ends itself (worker-pool-process.ts): never handed out again. */
  private ending = false;

  constructor(
    readonly child: ChildProcess,
    private readonly stderr: () => string,
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
    return !this.exited && !this.killed && !this.ending;
  }

  /** Killed now, so it is never handed out again even before its exit event arrives. */
  private kill() {
    this.killed = true;
    this.child.kill("SIGKILL");
  }

  attempt(job: TaskJob, channel: AttemptChannel): Promise<AttemptResult> {
    const started = performance.now();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => finish({ status: "cancelled", durationMs: Math.round(performance.now() - started) }, true);
      const finish = (result: AttemptResult, kill = false) => {
        if (!this.current) return;
        this.current = undefined;
        clearTimeout(timer);
        channel.signal?.removeEventListener("abort", onAbort);
        if (kill) this.kill();
        resolve(result);
      };
      this.current = { channel, done: finish };
      if (job.timeoutMs) {
        const error = new TaskTimeoutError(job.task, job.timeoutMs);
        timer = setTimeout(() => finish({ status: "failed", durationMs: job.timeoutMs!, error: { message: error.message, stack: error.stack ?? "" } }, true), job.timeoutMs);
      }
      if (channel.signal?.aborted) return onAbort();
      channel.signal?.addEventListener("abort", onAbort, { once: true });
      // The process gets no timeout of its own: this side enforces it.
      const request: PoolRequest = { type: "run", job: { ...job, timeoutMs: undefined } };
      this.child.send(request);
    });
  }

  private onMessage(m: PoolReply) {
    const c = this.current;
    if (!c) return;
    if (m.type === "log") c.channel.onLog(m.stream, m.text);
    else if (m.type === "metric") c.channel.onMetric(m.key, m.value);
    else if (m.type === "done") {
      if (m.result.faulted) this.ending = true;
      c.done(m.result);
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    // A process that ends itself may have closed the channel already.
    if (this.child.connected) this.child.disconnect();
    await exited;
  }
}

export class ProcessPool {
  private readonly idle: PoolProcess[] = [];
  private readonly all = new Set<PoolProcess>();
  /** Processes started ahead by warm() that are still loading the project (undefined: it failed). */
  private readonly starting: Promise<PoolProcess | undefined>[] = [];

  constructor(
    private readonly projectDir: string,
    /** The DAG of the run: each process loads only the modules it needs. */
    private readonly dag: string,
  ) {}

  /** Starts processes until `count` exist, without waiting: attempts take them once they are ready. */
  warm(count: number) {
    while (this.all.size < count) this.starting.push(this.spawn().catch(() => undefined));
  }

  /** One attempt in a pool process: a kept one when `fresh` is false and one is idle, else a new one. */
  async attempt(job: TaskJob, channel: AttemptChannel, fresh: boolean): Promise<AttemptResult> {
    const proc = await this.acquire(!fresh);
    try {
      return await proc.attempt(job, channel);
    } finally {
      this.release(proc, !fresh);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.starting.splice(0));
    await Promise.all([...this.all].map((p) => p.stop()));
    this.all.clear();
    this.idle.length = 0;
  }

  private async acquire(reuse: boolean): Promise<PoolProcess> {
    if (reuse) {
      for (let p = this.idle.pop(); p; p = this.idle.pop()) if (p.alive) return p;
      for (let next = this.starting.shift(); next; next = this.starting.shift()) {
        const p = await next;
        if (p?.alive) return p;
      }
    }
    return this.spawn();
  }

  private async spawn(): Promise<PoolProcess> {
    const { file, execArgv } = cliEntry();
    let stderr = "";
    const child = fork(file, ["--project", this.projectDir, "worker", "--ipc", "--dag", this.dag], {
      execArgv,
      stdio: ["ignore", "inherit", "pipe", "ipc"],
      serialization: "advanced",
    });
    child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const proc = new PoolProcess(child, () => stderr);
    this.all.add(proc);
    try {
      await proc.ready;
    } catch (err) {
      this.all.delete(proc);
      throw err;
    }
    return proc;
  }

  private release(proc: PoolProcess, keep: boolean) {
    if (proc.alive && keep) {
      this.idle.push(proc);
      return;
    }
    this.all.delete(proc);
    void proc.stop();
  }
}
