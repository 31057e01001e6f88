// Gluepy's simpler distributed mode: a whole DAG run submitted as one job, which one worker runs
// in-process from start to end (the run folder lands on the worker's storage).

import { Queue, QueueEvents } from "bullmq";
import type { BullmqSettings } from "../../conf/settings";
import type { RunOptions, RunOutcome } from "../run";
import { describeQueue, probeQueue, queueConfig, RUN_JOB } from "./queue-config";

/** The run options that travel with the job (the worker supplies its own project and settings). */
export type RunJob = Pick<RunOptions, "dag" | "task" | "fromTask" | "retry" | "resume" | "patches" | "skipEval" | "evalOnly" | "concurrency">;

export type RunJobResult = Pick<RunOutcome, "status" | "runId" | "runFolder">;

/**
 * Enqueues a whole-DAG run and returns the job id; with `wait`, also waits until a worker has run it and
 * returns how the run ended.
 */
export async function submitRun(settings: BullmqSettings, run: RunJob, opts: { wait?: boolean } = {}): Promise<{ jobId: string; result?: RunJobResult }> {
  const config = queueConfig(settings);
  await probeQueue(config);
  const queue = new Queue(config.name, { connection: config.connection, prefix: config.prefix });
  // Listening before the job is added, so its completion cannot be missed.
  const events = opts.wait ? new QueueEvents(config.name, { connection: config.connection, prefix: config.prefix }) : undefined;
  try {
    await events?.waitUntilReady();
    const job = await queue.add(RUN_JOB, run, { removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 24 * 3600 } });
    if (!events) return { jobId: job.id! };
    return { jobId: job.id!, result: (await job.waitUntilFinished(events)) as RunJobResult };
  } catch (err) {
    throw new Error(`Submitting the run of '${run.dag}' (${describeQueue(config)}) failed: ${(err as Error).message}`);
  } finally {
    await events?.close();
    await queue.close();
  }
}
