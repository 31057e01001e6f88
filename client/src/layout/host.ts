// Lays out the graph panels' DAGs with ELK in one worker thread of the extension host (thread.ts), warmed up
// when the extension starts. No VS Code API here: the graph benchmark and the tests drive it directly.

import { Worker } from "node:worker_threads";
import type { ElkNode } from "elkjs/lib/elk-api";
import { LruCache } from "../../../shared/lru-cache";
import type { LayoutResult } from "../../../shared/webview-protocol";
import type { ThreadReply, ThreadRequest } from "./thread-protocol";

/** Layouts kept: reopening a panel, or a live edit that changes no task or edge, needs no new layout. */
const CACHED_LAYOUTS = 16;
/** DAGs up to this size lay out in a few ms even with ELK cold. */
export const SMALL_DAG = 150;
/** Warming up on bigger made-up DAGs than this adds time, not speed. */
const WARM_UP_CAP = 500;

/** The warm-up for a workspace whose largest DAG has `largestDag` tasks: a small DAG compiles ELK's code;
 * for big DAGs, four layouts at their size (up to 500) also get it optimised, so the first real layout takes
 * about the time of later ones (measured in bench/graph.bench.ts; with two, the first was still ~40% slower).
 * Four 500-task layouts are about 2 s of one core, on the thread, once per window. */
export function warmUpSizes(largestDag: number): number[] {
  return largestDag > SMALL_DAG ? [60, ...Array<number>(4).fill(Math.min(largestDag, WARM_UP_CAP))] : [60];
}

/** No layout can run on the thread (it could not start, or it died), as opposed to ELK refusing a graph. */
export class LayoutThreadError extends Error {}

interface Waiting<T> {
  resolve(value: T): void;
  reject(e: Error): void;
}

export class LayoutHost {
  private thread?: Worker;
  private readonly waiting = new Map<number, Waiting<ElkNode>>();
  private readonly warmingUp: Waiting<number>[] = [];
  /** Layouts done or under way, by their input: a request for a graph already being laid out waits for it. */
  private readonly cache = new LruCache<string, Promise<ElkNode>>(CACHED_LAYOUTS);
  /** Layouts asked for ahead (layOutAhead) and not done yet: their thread request's id, by input. */
  private readonly ahead = new Map<string, number>();
  private nextId = 0;
  private disposed = false;
  /** How many layouts ELK has run (or runs) for callers (kept layouts, layouts ahead and warm-up excluded). */
  layoutsRun = 0;

  /** `threadScript`: dist/client/layout-thread.js. */
  constructor(private readonly threadScript: string) {}

  /** Lays out made-up DAGs of these sizes (see warmUpSizes) when no real layout waits; settles with the
   * time it took, in ms. */
  warmUp(sizes: number[]): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const thread = this.running();
      this.warmingUp.push({ resolve, reject });
      thread.postMessage({ warmUp: sizes } satisfies ThreadRequest);
    });
  }

  /** The graph laid out (do not modify it: it may be reused); a thread that died is started again. */
  layout(graph: ElkNode): Promise<ElkNode> {
    const key = JSON.stringify(graph);
    const kept = this.cache.get(key);
    if (kept) {
      // Asked for ahead and still queued: a panel waits for it now.
      const id = this.ahead.get(key);
      if (id !== undefined) this.thread?.postMessage({ promote: id } satisfies ThreadRequest);
      this.ahead.delete(key);
      return kept;
    }
    return this.start(key, graph, false);
  }

  /** Lays the graph out when no panel's request or warm-up waits, and keeps it: the panel that then asks for
   * it finds it done (or moves it first in line). */
  layOutAhead(graph: ElkNode): Promise<ElkNode> {
    const key = JSON.stringify(graph);
    return this.cache.get(key) ?? this.start(key, graph, true);
  }

  private start(key: string, graph: ElkNode, ahead: boolean): Promise<ElkNode> {
    let thread: Worker;
    try {
      thread = this.running();
    } catch (e) {
      return Promise.reject(e);
    }
    const id = this.nextId++;
    const laid = new Promise<ElkNode>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      thread.postMessage({ id, graph, ahead } satisfies ThreadRequest);
    });
    if (!ahead) this.layoutsRun++;
    this.cache.set(key, laid);
    if (ahead) {
      this.ahead.set(key, id);
      const settled = () => {
        if (this.ahead.get(key) === id) this.ahead.delete(key);
      };
      laid.then(settled, settled);
    }
    // A failed layout is not kept: the next request tries again.
    laid.catch(() => this.cache.delete(key, laid));
    return laid;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const thread = this.thread;
    this.stopped(thread, "the layout host is disposed");
    await thread?.terminate();
  }

  /** The thread, started if it is not running; throws LayoutThreadError if it cannot start. */
  private running(): Worker {
    if (this.disposed) throw new LayoutThreadError("the layout host is disposed");
    if (this.thread) return this.thread;
    let thread: Worker;
    try {
      thread = new Worker(this.threadScript);
    } catch (e) {
      throw new LayoutThreadError(`the layout thread could not start: ${(e as Error).message}`);
    }
    // Never what keeps a process alive (tests and benchmarks may exit without disposing it).
    thread.unref();
    thread.on("message", (reply: ThreadReply) => {
      if ("warmedUpMs" in reply) {
        for (const w of this.warmingUp.splice(0)) w.resolve(reply.warmedUpMs);
        return;
      }
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ("graph" in reply) waiting?.resolve(reply.graph);
      else waiting?.reject(new Error(reply.error));
    });
    thread.on("error", (e) => this.stopped(thread, `the layout thread failed: ${e.message}`));
    thread.on("exit", (code) => this.stopped(thread, `the layout thread stopped (exit code ${code})`));
    this.thread = thread;
    return thread;
  }

  /** Everything waiting on `thread` fails; the next request starts a new one. */
  private stopped(thread: Worker | undefined, why: string): void {
    if (!thread || this.thread !== thread) return;
    this.thread = undefined;
    const error = new LayoutThreadError(why);
    for (const w of [...this.waiting.values(), ...this.warmingUp.splice(0)]) w.reject(error);
    this.waiting.clear();
  }
}

/** The answer to a panel's `layout` request: the laid-out graph, or why not (`engineFailed`: the page should
 * lay out by itself from now on). */
export async function answerLayout(host: LayoutHost, id: number, graph: ElkNode): Promise<LayoutResult> {
  try {
    return { type: "layout-result", id, graph: await host.layout(graph) };
  } catch (e) {
    return { type: "layout-result", id, error: (e as Error).message, engineFailed: e instanceof LayoutThreadError };
  }
}
