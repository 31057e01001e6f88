// Runs ELK layouts for the page, on one of three engines:
//  - "host" (what the panel asks for): ELK in a thread of the extension host, one for the window, warmed up
//    when the extension starts; the page sends `layout` messages and gets `layout-result` answers. If the
//    host cannot lay out at all, the page goes on with the worker;
//  - "worker" (the page's own default): a Web Worker, so a 500-task layout never freezes pan, zoom or run colours.
//    VS Code serves webview files from another origin than the page's and a Worker must be same-origin, so
//    the script is fetched and started from a blob: URL (the CSP allows `worker-src blob:` and
//    `connect-src` of the webview resources for exactly this);
//  - "page": the script loaded with the page's nonce, ELK on the page's thread. Used when a worker cannot
//    start. The worker and the page run layout-worker.js; bench/graph.bench.ts measures all three.

import ElkConstructor, { type ELK, type ElkNode } from "elkjs/lib/elk-api";
import { LruCache } from "../../../shared/lru-cache";
import type { LayoutResult } from "../../../shared/webview-protocol";

export type LayoutEngine = "host" | "page" | "worker";

/** How the page asks the extension host for a layout (a `layout` message). */
export type PostLayoutRequest = (request: { type: "layout"; id: number; graph: ElkNode }) => void;

type WorkerStandIn = new () => Worker;

/** Layouts kept: a live edit that changes no task or edge (most edits) and toggling a sub-DAG or a focus
 * back and forth reuse a layout instead of running ELK again. */
const CACHED_LAYOUTS = 8;

/** The engine could not start or died (as opposed to ELK refusing a graph). */
class EngineError extends Error {}

export class LayoutClient {
  private elk?: Promise<ELK>;
  private readonly pending = new Set<(e: Error) => void>();
  private readonly cache = new LruCache<string, ElkNode>(CACHED_LAYOUTS);
  private engineFailure?: EngineError;
  private readonly hostWaiting = new Map<number, { resolve(graph: ElkNode): void; reject(e: Error): void }>();
  private nextHostId = 0;
  /** How many layouts ELK has run (cache hits excluded). */
  layoutsRun = 0;

  /** `nonce`: the page's script nonce, to load the engine script onto the page. */
  constructor(
    private readonly engineUri: string,
    private engine: LayoutEngine,
    private readonly nonce: string,
    private readonly postToHost?: PostLayoutRequest,
  ) {
    if (engine === "host" && !postToHost) this.engine = "worker";
  }

  get engineInUse(): LayoutEngine {
    return this.engine;
  }

  /** The laid-out graph (do not modify it: it may be reused); rejects when no engine can load or ELK refuses the graph. */
  async layout(graph: ElkNode): Promise<ElkNode> {
    const key = JSON.stringify(graph);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const laid = await this.layoutWithFallback(graph);
    this.layoutsRun++;
    this.cache.set(key, laid);
    return laid;
  }

  /** The extension host's answer to one of this page's `layout` requests. */
  hostAnswered(result: LayoutResult): void {
    const waiting = this.hostWaiting.get(result.id);
    if (!waiting) return;
    this.hostWaiting.delete(result.id);
    if ("graph" in result) waiting.resolve(result.graph);
    else waiting.reject(result.engineFailed ? new EngineError(result.error) : new Error(result.error));
  }

  /** On an engine failure: host → worker → page. */
  private async layoutWithFallback(graph: ElkNode): Promise<ElkNode> {
    try {
      return await this.layoutOnEngine(graph);
    } catch (e) {
      if (!(e instanceof EngineError) || this.engine === "page") throw e;
      this.engine = this.engine === "host" ? "worker" : "page";
      this.elk = undefined;
      this.engineFailure = undefined;
      return this.layoutWithFallback(graph);
    }
  }

  private layoutOnHost(graph: ElkNode): Promise<ElkNode> {
    const id = this.nextHostId++;
    return new Promise<ElkNode>((resolve, reject) => {
      this.hostWaiting.set(id, { resolve, reject });
      this.postToHost!({ type: "layout", id, graph });
    });
  }

  private async layoutOnEngine(graph: ElkNode): Promise<ElkNode> {
    if (this.engine === "host") return this.layoutOnHost(graph);
    this.elk ??= this.engine === "worker" ? this.startWorker() : this.loadInPage();
    const elk = await this.elk;
    if (this.engineFailure) throw this.engineFailure;
    return new Promise<ElkNode>((resolve, reject) => {
      // ELK's API never settles when its worker dies; such a failure rejects the layouts under way.
      this.pending.add(reject);
      elk.layout(graph).then(resolve, reject).finally(() => this.pending.delete(reject));
    });
  }

  private async startWorker(): Promise<ELK> {
    const response = await fetch(this.engineUri).catch((e: Error) => {
      throw new EngineError(`could not load the layout engine ${this.engineUri}: ${e.message}`);
    });
    if (!response.ok) throw new EngineError(`could not load the layout engine ${this.engineUri}: HTTP ${response.status}`);
    const blobUrl = URL.createObjectURL(new Blob([await response.text()], { type: "text/javascript" }));
    try {
      return new ElkConstructor({
        workerFactory: () => {
          const worker = new Worker(blobUrl);
          worker.addEventListener("error", (e) => {
            // Also when no layout is under way: the next one must not wait on a dead worker.
            this.engineFailure = new EngineError(`the layout worker failed: ${e.message || "it could not start"}`);
            for (const reject of this.pending) reject(this.engineFailure);
          });
          return worker;
        },
      });
    } catch (e) {
      // A CSP without `worker-src blob:` refuses the worker right here.
      throw new EngineError(`could not start the layout worker: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async loadInPage(): Promise<ELK> {
    const global = globalThis as { GluepyElkEngine?: WorkerStandIn };
    if (!global.GluepyElkEngine) {
      await new Promise<void>((resolve, reject) => {
        const script = document.createElement("script");
        script.nonce = this.nonce;
        script.src = this.engineUri;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error(`could not load the layout engine ${this.engineUri}`));
        document.head.appendChild(script);
      });
    }
    const Engine = global.GluepyElkEngine;
    if (!Engine) throw new Error(`the layout engine ${this.engineUri} loaded but did not register`);
    return new ElkConstructor({ workerFactory: () => new Engine() });
  }
}
