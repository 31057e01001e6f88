// Messages between the layout host (host.ts) and its thread (thread.ts).

import type { ElkNode } from "elkjs/lib/elk-api";

export type ThreadRequest =
  /** Lay this graph out. */
  | { id: number; graph: ElkNode }
  /** Lay out made-up DAGs of these sizes, between real requests, to compile and optimise ELK's code. */
  | { warmUp: number[] };

export type ThreadReply =
  | { id: number; graph: ElkNode }
  /** ELK refused the graph. */
  | { id: number; error: string }
  /** Every warm-up layout asked for so far is done; ms since the first warm-up request. */
  | { warmedUpMs: number };
