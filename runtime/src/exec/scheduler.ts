// Runs the selected tasks of a graph in dependency order, independent ones at the same time up to a
// limit. O(tasks + edges): each task is queued once, each edge decremented once. A failed task's
// downstream is skipped while independent branches go on; after a cancel nothing new starts and the
// tasks not started stay pending (a resume runs them).

import type { Edge } from "../../../shared/dag-model";
import type { MaybePromise } from "./maybe-promise";

export type FinishedStatus = "succeeded" | "failed" | "cancelled";

export interface ScheduleInput {
  /** Every label of the graph; independent tasks that are ready together start in this order. */
  order: readonly string[];
  edges: readonly Edge[];
  /** The labels to run; a dependency outside this set counts as done. */
  selected: ReadonlySet<string>;
  concurrency: number;
  signal?: AbortSignal;
  /** The task's status, synchronously when it finished synchronously. */
  runTask(label: string): MaybePromise<FinishedStatus>;
  /** A task that will not run because something it depends on failed. */
  onSkipped(label: string): void;
}

export interface ScheduleResult {
  failed: number;
  cancelled: number;
  /** Selected tasks that never started (only after a cancel). */
  notStarted: number;
}

export function schedule(input: ScheduleInput): Promise<ScheduleResult> {
  const graph = numberGraph(input);
  return new Promise((resolve, reject) => new ScheduleRun(input, graph, resolve, reject).start());
}

/**
 * The graph as the per-task path reads it: tasks numbered in `order` (typed arrays, no Map lookup by
 * label), each one's count of unfinished dependencies, and its successors in compressed rows (task i's
 * are `succ[first[i]]` to `succ[first[i + 1] - 1]`, in edge order). Only edges between selected tasks
 * count: a dependency outside the selection is done.
 */
interface NumberedGraph {
  /** Selected labels → their numbers. */
  index: Map<string, number>;
  waiting: Int32Array;
  first: Int32Array;
  succ: Int32Array;
}

function numberGraph(input: ScheduleInput): NumberedGraph {
  const order = input.order;
  const n = order.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) if (input.selected.has(order[i])) index.set(order[i], i);
  const waiting = new Int32Array(n);
  const from = new Int32Array(input.edges.length);
  const to = new Int32Array(input.edges.length);
  const first = new Int32Array(n + 1);
  let edgeCount = 0;
  // Indexed reads, not `[from, to]` destructuring: this loop runs once, in the interpreter, where
  // destructuring allocates an iterator per edge.
  for (let e = 0; e < input.edges.length; e++) {
    const f = index.get(input.edges[e][0]);
    const t = index.get(input.edges[e][1]);
    if (f === undefined || t === undefined) continue;
    from[edgeCount] = f;
    to[edgeCount++] = t;
    waiting[t]++;
    first[f + 1]++;
  }
  for (let i = 0; i < n; i++) first[i + 1] += first[i];
  const succ = new Int32Array(edgeCount);
  const fill = first.slice(0, n);
  for (let e = 0; e < edgeCount; e++) succ[fill[from[e]]++] = to[e];
  return { index, waiting, first, succ };
}

/** One scheduling: starts ready tasks up to the limit, and on each end releases (or skips) what waited on it. */
class ScheduleRun {
  private readonly blocked: Uint8Array;
  private readonly ready: number[] = [];
  /** Tasks skipped by a failure whose own downstream is still to skip: a loop, not recursion, so a long chain of skips cannot overflow the stack. */
  private readonly skips: number[] = [];
  private readonly result: ScheduleResult = { failed: 0, cancelled: 0, notStarted: 0 };
  private next = 0;
  private running = 0;
  private settled = 0;
  private lastYield = performance.now();
  // Read once and kept by a listener: `signal.aborted` is checked before every task.
  private aborted: boolean;
  private readonly onAbort = () => (this.aborted = true);

  constructor(
    private readonly input: ScheduleInput,
    private readonly graph: NumberedGraph,
    private readonly resolve: (result: ScheduleResult) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    this.blocked = new Uint8Array(input.order.length);
    for (const i of graph.index.values()) if (graph.waiting[i] === 0) this.ready.push(i);
    this.aborted = input.signal?.aborted ?? false;
  }

  start(): void {
    this.input.signal?.addEventListener("abort", this.onAbort, { once: true });
    this.pump();
  }

  private readonly pump = (): void => {
    const { input, ready } = this;
    while (!this.aborted && this.running < input.concurrency && this.next < ready.length) {
      const task = ready[this.next++];
      this.running++;
      let status: MaybePromise<FinishedStatus>;
      try {
        status = input.runTask(input.order[task]);
      } catch (err) {
        this.fail(err);
        return;
      }
      if (status instanceof Promise) {
        status.then((s) => {
          this.finished(task, s);
          if (!this.due()) this.pump();
        }, this.fail);
      } else {
        this.finished(task, status);
        if (this.due()) return;
      }
    }
    if (this.running === 0 && (this.aborted || this.next >= ready.length)) this.finish();
  };

  private finished(task: number, status: FinishedStatus): void {
    this.running--;
    this.settled++;
    if (status === "failed") this.result.failed++;
    if (status === "cancelled") this.result.cancelled++;
    // A cancelled task's downstream stays pending, so a resume runs it.
    else this.release(task, status === "failed");
  }

  private release(task: number, failed: boolean): void {
    this.unblock(task, failed);
    while (this.skips.length > 0) this.unblock(this.skips.pop()!, true);
  }

  private unblock(task: number, failed: boolean): void {
    const { first, succ, waiting } = this.graph;
    for (let e = first[task]; e < first[task + 1]; e++) {
      const s = succ[e];
      if (failed) this.blocked[s] = 1;
      if (--waiting[s] > 0) continue;
      if (this.blocked[s] === 1) {
        this.input.onSkipped(this.input.order[s]);
        this.settled++;
        this.skips.push(s);
      } else {
        this.ready.push(s);
      }
    }
  }

  /**
   * A chain of tasks that finish synchronously would run entirely in one loop (or in microtasks): give
   * the event loop a turn now and then so signals (Ctrl-C), timers (state.json) and I/O are served.
   */
  private due(): boolean {
    const now = performance.now();
    if (now - this.lastYield <= 20) return false;
    this.lastYield = now;
    setImmediate(this.pump);
    return true;
  }

  private finish(): void {
    this.input.signal?.removeEventListener("abort", this.onAbort);
    this.result.notStarted = this.graph.index.size - this.settled - this.running;
    this.resolve(this.result);
  }

  private readonly fail = (err: unknown): void => {
    this.input.signal?.removeEventListener("abort", this.onAbort);
    this.reject(err);
  };
}
