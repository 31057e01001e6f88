// Runs one attempt of a TaskJob in a process that shares nothing with the run's coordinator: the task
// class comes from this process's own copy of the project, the context from the run folder's
// context.yaml on storage. Used by `gluepy worker` (BullMQ) and by worker-pool processes.

import { posix } from "node:path";
import type { RunEvent, TaskError } from "../../../../shared/events";
import { freezeContext, parseContextYaml } from "../../conf/context";
import type { Storage } from "../../files/storages/base";
import type { AttemptResult, TaskJob } from "../executors/base";
import { resolveDag, type ResolvedDag } from "../read-dag-class";
import type { Registry } from "../registry";
import type { RunScope } from "../scope";
import { CONTEXT_FILE } from "../../../../shared/run-folder-layout";
import type { TaskClass } from "../task";
import { runTaskAttempt } from "../task-runner";

export interface AttemptSink {
  onLog(stream: "stdout" | "stderr", text: string): void;
  onMetric(key: string, value: number): void;
}

export class TaskJobRunner {
  private readonly dags = new Map<string, ResolvedDag>();
  private readonly contexts = new Map<string, Promise<RunScope["context"]>>();

  constructor(
    private readonly projectDir: string,
    private readonly registry: Registry,
    private readonly storage: Storage,
  ) {}

  async runAttempt(job: TaskJob, sink: AttemptSink, signal?: AbortSignal): Promise<AttemptResult> {
    const scope: RunScope = {
      runId: job.runId,
      runFolder: job.runFolder,
      context: await this.contextOf(job.runFolder),
      storage: this.storage,
      task: job.task,
      recordContextReads: job.recordContextReads,
      emit: (event: RunEvent) => {
        if (event.event === "metric") sink.onMetric(event.key, event.value);
      },
    };
    // A fault of the task's code that surfaces after the attempt ended (a rejection a synchronous run()
    // left unhandled is reported after this turn's microtasks) still fails it if it comes within a turn;
    // later ones can only be told on this process's stderr: the attempt's result has gone.
    let late: TaskError | undefined;
    let reported = false;
    const onLateFault = (error: TaskError) => {
      if (!reported) late ??= error;
      else process.stderr.write(`gluepy: task '${job.task}' of run ${job.runId}, after it ended: ${error.message}\n`);
    };
    const result = await runTaskAttempt(this.taskClassOf(job), scope, { projectDir: this.projectDir, timeoutMs: job.timeoutMs, signal, onLog: sink.onLog, onLateFault });
    await new Promise((resolve) => setImmediate(resolve));
    reported = true;
    return late && result.status === "succeeded" ? { status: "failed", durationMs: result.durationMs, error: late, faulted: true } : result;
  }

  taskClassOf(job: TaskJob): TaskClass {
    let dag = this.dags.get(job.dag);
    if (!dag) {
      const cls = this.registry.dags.get(job.dag);
      if (!cls) throw new Error(`This worker's project (${this.projectDir}) has no DAG '${job.dag}': start the worker in the project the run comes from.`);
      dag = resolveDag(cls);
      this.dags.set(job.dag, dag);
    }
    const taskClass = dag.taskClasses.get(job.task);
    if (!taskClass) throw new Error(`DAG '${job.dag}' in ${this.projectDir} has no task '${job.task}': is the worker's project the same version as the coordinator's?`);
    return taskClass;
  }

  /** Each run's saved context, read once from storage (a few runs at a time are kept). */
  private contextOf(runFolder: string): Promise<RunScope["context"]> {
    let ctx = this.contexts.get(runFolder);
    if (!ctx) {
      const file = posix.join(runFolder, CONTEXT_FILE);
      ctx = this.storage.open(file).then((buf) => freezeContext(parseContextYaml(buf.toString("utf8"), file)) as RunScope["context"]);
      ctx.catch(() => this.contexts.delete(runFolder));
      this.contexts.set(runFolder, ctx);
      if (this.contexts.size > 32) this.contexts.delete(this.contexts.keys().next().value!);
    }
    return ctx;
  }
}
