// The process side of the worker pool: `gluepy worker --ipc` loads the project once, then runs the
// attempts its parent sends, one at a time, reporting logs, metrics and the result over IPC.

import type { Settings } from "../../conf/settings";
import { createStorage } from "../../files/storages/index";
import { TaskJobRunner } from "../distributed/task-job-runner";
import type { Registry } from "../registry";
import type { AttemptResult } from "./base";
import type { PoolReply, PoolRequest } from "./worker-pool-protocol";

export interface PoolProcessOptions {
  projectDir: string;
  settings: Settings;
  registry: Registry;
}

/** Serves the parent until it disconnects. */
export async function servePoolProcess(opts: PoolProcessOptions): Promise<void> {
  if (!process.send) throw new Error("`gluepy worker --ipc` is started by the worker-pool executor, not by hand: run `gluepy dag <label> --executor worker-pool`.");
  const send = (reply: PoolReply) => process.send!(reply);
  const runner = new TaskJobRunner(opts.projectDir, opts.registry, await createStorage(opts.settings));
  await new Promise<void>((resolve) => {
    process.on("message", async (request: PoolRequest) => {
      if (request.type !== "run") return;
      const result = await runner
        .runAttempt(request.job, {
          onLog: (stream, text) => send({ type: "log", stream, text }),
          onMetric: (key, value) => send({ type: "metric", key, value }),
        })
        .catch((err: Error): AttemptResult => ({ status: "failed", durationMs: 0, error: { message: err.message, stack: err.stack ?? "" } }));
      // The faulted task's code may still be running, and Node's state after an uncaught exception is not
      // to be trusted: this process ends once its report is sent; the pool starts a fresh one.
      process.send!({ type: "done", result } satisfies PoolReply, () => result.faulted && process.disconnect());
    });
    process.once("disconnect", resolve);
    send({ type: "ready" });
  });
}
