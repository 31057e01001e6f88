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
  // Tasks are numbered in `order`; the per-task path works on those numbers (typed arrays, no Map
  // lookup by label). Only edges between selected tasks count: a dependency outside the selection is done.
  const order = input.order;
  const n = order.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) if (input.selected.has(order[i])) index.set(order[i], i);
  const waiting = new Int32Array(n);
  // Successors in compressed rows: task i's are `succ[first[i]]` to `succ[first[i + 1] - 1]`, in edge order.
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
  const blocked = new Uint8Array(n);
  const ready: number[] = [];
  for (const i of index.values()) if (waiting[i] === 0) ready.push(i);
  const result: ScheduleResult = { failed: 0, cancelled: 0, notStarted: 0 };
  let next = 0;
  let running = 0;
  let settled = 0;
  let lastYield = performance.now();
  // Read once and kept by a listener: `signal.aborted` is checked before every task.
  const signal = input.signal;
  let aborted = signal?.aborted ?? false;
  const onAbort = () => (aborted = true);
  signal?.addEventListener("abort", onAbort, { once: true });

  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => {
      signal?.removeEventListener("abort", onAbort);
      reject(err);
    };
    // Tasks skipped by a failure whose own downstream is still to skip: a loop, not recursion, so a
    // long chain of skips cannot overflow the stack.
    const skips: number[] = [];
    const unblock = (task: number, failed: boolean) => {
      for (let e = first[task]; e < first[task + 1]; e++) {
        const s = succ[e];
        if (failed) blocked[s] = 1;
        if (--waiting[s] > 0) continue;
        if (blocked[s] === 1) {
          input.onSkipped(order[s]);
          settled++;
          skips.push(s);
        } else {
          ready.push(s);
        }
      }
    };
    const release = (task: number, failed: boolean) => {
      unblock(task, failed);
      while (skips.length > 0) unblock(skips.pop()!, true);
    };
    const finish = () => {
      signal?.removeEventListener("abort", onAbort);
      result.notStarted = index.size - settled - running;
      resolve(result);
    };
    const finished = (task: number, status: FinishedStatus) => {
      running--;
      settled++;
      if (status === "failed") result.failed++;
      if (status === "cancelled") result.cancelled++;
      // A cancelled task's downstream stays pending, so a resume runs it.
      else release(task, status === "failed");
    };
    // A chain of tasks that finish synchronously would run entirely in this loop (or in microtasks);
    // give the event loop a turn now and then so signals (Ctrl-C), timers (state.json) and I/O are served.
    const due = () => {
      const now = performance.now();
      if (now - lastYield <= 20) return false;
      lastYield = now;
      setImmediate(pump);
      return true;
    };
    const pump = () => {
      while (!aborted && running < input.concurrency && next < ready.length) {
        const task = ready[next++];
        running++;
        let status: MaybePromise<FinishedStatus>;
        try {
          status = input.runTask(order[task]);
        } catch (err) {
          fail(err);
          return;
        }
        if (status instanceof Promise) {
          status.then((s) => {
            finished(task, s);
            if (!due()) pump();
          }, fail);
        } else {
          finished(task, status);
          if (due()) return;
        }
      }
      if (running === 0 && (aborted || next >= ready.length)) finish();
    };
    pump();
  });
}
