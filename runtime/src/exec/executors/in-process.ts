// The default executor: runs each task in this process, in its run scope, with retries and timeout.

import { runTaskAttempt } from "../task-runner";
import type { Executor, ExecutorHooks, LocalRun, TaskJob, TaskOutcome } from "./base";
import { withRetries } from "./retry";

export class InProcessExecutor implements Executor {
  readonly name = "in-process";

  constructor(private readonly run: LocalRun) {}

  execute(job: TaskJob, hooks: ExecutorHooks): Promise<TaskOutcome> {
    const taskClass = this.run.taskClass(job.task);
    const scope = this.run.scopeFor(job.task);
    return withRetries(job, hooks, () =>
      runTaskAttempt(taskClass, scope, { projectDir: job.projectDir, timeoutMs: job.timeoutMs, signal: hooks.signal, onLog: hooks.onLog }),
    );
  }

  async close(): Promise<void> {}
}
