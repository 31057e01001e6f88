// The worker-pool executor: CPU-bound tasks really in parallel, each attempt in a separate Node process
// (`gluepy worker --ipc`) that loaded the project the way the CLI does (see worker-pool-processes.ts).
// A task's `static isolation` (default: the `workerPool.isolation` setting) picks where it runs:
// "shared" in a pool process kept between tasks, "per-task" in a fresh process of its own,
// "in-process" (tiny or I/O-bound work) in the run's own process.

import { runTaskAttempt } from "../task-runner";
import type { Executor, ExecutorHooks, ExecutorSettings, LocalRun, TaskJob, TaskOutcome } from "./base";
import { withRetries } from "./retry";
import { ProcessPool } from "./worker-pool-processes";

export function createWorkerPoolExecutor(settings: ExecutorSettings, run: LocalRun): Executor {
  const executor = new WorkerPoolExecutor(settings.projectDir, settings.workerPool?.isolation ?? "shared", run);
  // Kept processes load the project while the run starts, so parallel tasks do not wait on forks.
  if (executor.isolation === "shared") executor.warm(settings.concurrency ?? 1);
  return executor;
}

class WorkerPoolExecutor implements Executor {
  readonly name = "worker-pool";
  private readonly pool: ProcessPool;

  constructor(
    private readonly projectDir: string,
    readonly isolation: "shared" | "per-task",
    private readonly run: LocalRun,
  ) {
    this.pool = new ProcessPool(projectDir, run.dag);
  }

  execute(job: TaskJob, hooks: ExecutorHooks): Promise<TaskOutcome> {
    const taskClass = this.run.taskClass(job.task);
    const isolation = taskClass.isolation ?? this.isolation;
    if (isolation === "in-process") {
      const scope = this.run.scopeFor(job.task);
      return withRetries(job, hooks, () =>
        runTaskAttempt(taskClass, scope, { projectDir: this.projectDir, timeoutMs: job.timeoutMs, signal: hooks.signal, onLog: hooks.onLog, onLateFault: hooks.onLateFault }),
      );
    }
    const channel = {
      onLog: hooks.onLog,
      // The process wrote metrics.json through storage; the run records the event.
      onMetric: (key: string, value: number) =>
        this.run.scopeFor(job.task).emit({ event: "metric", ts: new Date().toISOString(), task: job.task, key, value }),
      signal: hooks.signal,
    };
    return withRetries(job, hooks, () => this.pool.attempt(job, channel, isolation === "per-task"));
  }

  warm(processes: number) {
    this.pool.warm(processes);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
