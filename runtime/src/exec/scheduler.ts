// Runs the selected tasks of a graph in dependency order, independent ones at the same time up to a
// limit. O(tasks + edges): each task is queued once, each edge decremented once. A failed task's
// downstream is skipped while independent branches go on; after a cancel nothing new starts and the
// tasks not started stay pending (a resume runs them).

import type { Edge } from "../../../shared/dag";
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

const NONE: readonly string[] = [];

export function schedule(input: ScheduleInput): Promise<ScheduleResult> {
  // Only edges between selected tasks count: a dependency outside the selection is done.
  const waiting = new Map<string, number>();
  for (const label of input.order) if (input.selected.has(label)) waiting.set(label, 0);
  const succ = new Map<string, string[]>();
  // Indexed reads, not `[from, to]` destructuring: this loop runs once, in the interpreter, where
  // destructuring allocates an iterator per edge.
  for (let i = 0; i < input.edges.length; i++) {
    const from = input.edges[i][0];
    const to = input.edges[i][1];
    if (!waiting.has(from) || !waiting.has(to)) continue;
    waiting.set(to, waiting.get(to)! + 1);
    const next = succ.get(from);
    if (next) next.push(to);
    else succ.set(from, [to]);
  }
  const blocked = new Set<string>();
  const ready: string[] = [];
  for (const label of input.order) if (waiting.get(label) === 0) ready.push(label);
  const result: ScheduleResult = { failed: 0, cancelled: 0, notStarted: 0 };
  let next = 0;
  let running = 0;
  let settled = 0;
  let lastYield = performance.now();

  return new Promise((resolve, reject) => {
    // Tasks skipped by a failure whose own downstream is still to skip: a loop, not recursion, so a
    // long chain of skips cannot overflow the stack.
    const skips: string[] = [];
    const unblock = (label: string, failed: boolean) => {
      for (const s of succ.get(label) ?? NONE) {
        if (failed) blocked.add(s);
        const left = waiting.get(s)! - 1;
        waiting.set(s, left);
        if (left > 0) continue;
        if (blocked.has(s)) {
          input.onSkipped(s);
          settled++;
          skips.push(s);
        } else {
          ready.push(s);
        }
      }
    };
    const release = (label: string, failed: boolean) => {
      unblock(label, failed);
      while (skips.length > 0) unblock(skips.pop()!, true);
    };
    const finish = () => {
      result.notStarted = waiting.size - settled - running;
      resolve(result);
    };
    const finished = (label: string, status: FinishedStatus) => {
      running--;
      settled++;
      if (status === "failed") result.failed++;
      if (status === "cancelled") result.cancelled++;
      // A cancelled task's downstream stays pending, so a resume runs it.
      else release(label, status === "failed");
    };
    // A chain of tasks that finish synchronously would run entirely in this loop (or in microtasks);
    // give the event loop a turn now and then so signals (Ctrl-C), timers (state.json) and I/O are served.
    const due = () => {
      if (performance.now() - lastYield <= 20) return false;
      lastYield = performance.now();
      setImmediate(pump);
      return true;
    };
    const stopped = () => input.signal?.aborted ?? false;
    const pump = () => {
      while (!stopped() && running < input.concurrency && next < ready.length) {
        const label = ready[next++];
        running++;
        let status: MaybePromise<FinishedStatus>;
        try {
          status = input.runTask(label);
        } catch (err) {
          reject(err);
          return;
        }
        if (status instanceof Promise) {
          status.then((s) => {
            finished(label, s);
            if (!due()) pump();
          }, reject);
        } else {
          finished(label, status);
          if (due()) return;
        }
      }
      if (running === 0 && (stopped() || next >= ready.length)) finish();
    };
    pump();
  });
}
