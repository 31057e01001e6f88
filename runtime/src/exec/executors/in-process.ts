// The default executor: runs each task in this process, in its run scope, with retries and timeout.
// A task that finishes synchronously is executed synchronously (no promise per task).

import type { MaybePromise } from "../maybe-promise";
import { attemptTask, type AttemptOptions } from "../task-runner";
import type { Executor, ExecutorHooks, LocalRun, TaskJob, TaskOutcome } from "./base";
import { retrying } from "./retry";

export class InProcessExecutor implements Executor {
  readonly name = "in-process";

  constructor(private readonly run: LocalRun) {}

  execute(job: TaskJob, hooks: ExecutorHooks): MaybePromise<TaskOutcome> {
    const taskClass = this.run.taskClass(job.task);
    const scope = this.run.scopeFor(job.task);
    const opts: AttemptOptions = { projectDir: job.projectDir, timeoutMs: job.timeoutMs, signal: hooks.signal, onLog: hooks.onLog, onLateFault: hooks.onLateFault };
    return retrying(job, hooks, () => attemptTask(taskClass, scope, opts));
  }

  async close(): Promise<void> {}
}
