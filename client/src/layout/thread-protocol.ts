// Messages between the layout host (host.ts) and its thread (thread.ts).

import type { ElkNode } from "elkjs/lib/elk-api";

export type ThreadRequest =
  /** Lay this graph out; `ahead`: one no panel has asked for yet, laid out when no panel's request waits. */
  | { id: number; graph: ElkNode; ahead?: boolean }
  /** A panel now asks for the graph of this `ahead` request: it goes before the others. */
  | { promote: number }
  /** Lay out made-up DAGs of these sizes, between real requests, to compile and optimise ELK's code. */
  | { warmUp: number[] };

export type ThreadReply =
  | { id: number; graph: ElkNode }
  /** ELK refused the graph. */
  | { id: number; error: string }
  /** Every warm-up layout asked for so far is done; ms since the first warm-up request. */
  | { warmedUpMs: number };
