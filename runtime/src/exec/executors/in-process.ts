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
    const opts = new JobAttemptOptions(job, hooks);
    return retrying(job, hooks, () => attemptTask(taskClass, scope, opts));
  }

  async close(): Promise<void> {}
}

/** A job's attempt options; its timeout is read only by a task that returns a promise (see dispatch.ts). */
class JobAttemptOptions implements AttemptOptions {
  constructor(
    private readonly job: TaskJob,
    private readonly hooks: ExecutorHooks,
  ) {}

  get projectDir(): string {
    return this.job.projectDir;
  }

  get timeoutMs(): number | undefined {
    return this.job.timeoutMs;
  }

  get signal(): AbortSignal {
    return this.hooks.signal;
  }

  get onLog(): ExecutorHooks["onLog"] {
    return this.hooks.onLog;
  }
}
