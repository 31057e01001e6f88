// Gluepy's simpler distributed mode: a whole DAG run submitted as one job, which one worker runs
// in-process from start to end (the run folder lands on the worker's storage).

import { Queue } from "bullmq";
import type { BullmqSettings } from "../../conf/settings";
import { describeQueue, queueConfig, RUN_JOB } from "./queue-config";

/** The run options that travel with the job (the worker supplies its own project and settings). */
export interface RunJob {
  dag: string;
  task?: string;
  fromTask?: string;
  retry?: string;
  resume?: boolean;
  patches?: string[];
  skipEval?: boolean;
  evalOnly?: boolean;
  concurrency?: number;
}

export interface RunJobResult {
  status: "succeeded" | "failed" | "cancelled";
  runId: string;
  runFolder: string;
}

/** Enqueues a whole-DAG run; returns the job id. */
export async function submitRun(settings: BullmqSettings, run: RunJob): Promise<string> {
  const config = queueConfig(settings);
  const queue = new Queue(config.name, { connection: config.connection, prefix: config.prefix });
  try {
    const job = await queue.add(RUN_JOB, run, { removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 24 * 3600 } });
    return job.id!;
  } catch (err) {
    throw new Error(`Cannot submit the run (${describeQueue(config)}): ${(err as Error).message}`);
  } finally {
    await queue.close();
  }
}
