// Messages between the worker-pool executor and its processes (`gluepy worker --ipc`), over Node's IPC
// channel. A process runs one attempt at a time.

import type { AttemptResult, TaskJob } from "./base";

export type PoolRequest = { type: "run"; job: TaskJob };

export type PoolReply =
  | { type: "ready" }
  | { type: "log"; stream: "stdout" | "stderr"; text: string }
  | { type: "metric"; key: string; value: number }
  | { type: "done"; result: AttemptResult };
