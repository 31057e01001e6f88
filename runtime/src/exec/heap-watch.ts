// Notices a process about to run out of JavaScript heap while something can still be done about it: V8
// ends a process that exhausts its heap without running any more JavaScript, so a run's record would
// stop where the last event was written. After each full garbage collection the heap still in use is
// compared with the limit; what a full collection could not free is really in use.

import { constants, PerformanceObserver } from "node:perf_hooks";

/** The share of the old generation's limit still in use after a full collection at which the watch reports. */
const NEAR_LIMIT = 0.9;
/**
 * V8's heap limit counts the young generation too (3 semi-spaces of 16 MB on 64-bit), which long-lived
 * data never fills: `--max-old-space-size=100` gives a limit of 148 MB and dies near 100.
 */
const YOUNG_GENERATION = 48 * 2 ** 20;

export interface HeapUse {
  usedMb: number;
  limitMb: number;
}

/**
 * Calls `onNearLimit` (once) when the heap stays above 90% of its limit after a full collection; returns
 * the watch's removal. It sees a heap that fills across turns of the event loop (a task reading data in
 * chunks); one that a single synchronous step fills ends the process before any callback can run.
 */
export function watchHeap(onNearLimit: (use: HeapUse) => void): () => void {
  let reported = false;
  const observer = new PerformanceObserver((list) => {
    if (reported) return;
    const full = list.getEntries().some((e) => ((e as { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    if (!full) return;
    // Required here, at the first full collection: loading node:v8 costs every start of the CLI ~2 ms.
    const heap = (require("node:v8") as typeof import("node:v8")).getHeapStatistics();
    const limit = Math.max(heap.heap_size_limit / 2, heap.heap_size_limit - YOUNG_GENERATION);
    if (heap.used_heap_size < NEAR_LIMIT * limit) return;
    reported = true;
    onNearLimit({ usedMb: Math.round(heap.used_heap_size / 2 ** 20), limitMb: Math.round(limit / 2 ** 20) });
  });
  observer.observe({ entryTypes: ["gc"] });
  return () => observer.disconnect();
}
