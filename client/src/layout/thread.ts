// The extension host's layout thread (dist/client/layout-thread.js): ELK in a worker thread, so a layout
// never blocks the extension host, and one ELK for the whole window, compiled once. A Web Worker in the
// panel starts cold with every panel, and a cold ELK takes about twice as long on the first big DAG
// (bench/graph.bench.ts); here ELK is warmed up when the extension starts, between the panels' requests.

import { parentPort } from "node:worker_threads";
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";
import { warmUpGraph } from "../../../shared/layout/elk-graph";
import { compactLayout } from "./compact";
import type { ThreadReply, ThreadRequest } from "./thread-protocol";

const port = parentPort!;
const elk = new ELK();
const requests: { id: number; graph: ElkNode }[] = [];
/** Layouts of DAGs the user may open next (ahead.ts), after the panels' requests and the warm-up. */
const ahead: { id: number; graph: ElkNode }[] = [];
const warmUp: number[] = [];
let warmUpStart: number | undefined;
let busy = false;
let warmingUp = false;

const reply = (message: ThreadReply): void => port.postMessage(message);

/** One layout at a time; the panels' requests go first, warm-up layouts and layouts ahead fill the gaps. */
function next(): void {
  if (busy) return;
  const request = requests.shift();
  if (request) return layOut(request);
  const size = warmUp.shift();
  if (size === undefined) {
    const early = ahead.shift();
    if (early) layOut(early);
    return;
  }
  busy = true;
  warmingUp = true;
  elk
    .layout(warmUpGraph(size))
    .catch(() => undefined)
    .finally(() => {
      warmingUp = false;
      if (warmUp.length === 0) {
        reply({ warmedUpMs: performance.now() - warmUpStart! });
        warmUpStart = undefined;
      }
      done();
    });
}

function layOut(request: { id: number; graph: ElkNode }): void {
  busy = true;
  elk
    .layout(request.graph)
    .then(
      (graph: ElkNode) => reply({ id: request.id, graph: compactLayout(graph) }),
      (e: unknown) => reply({ id: request.id, error: e instanceof Error ? e.message : String(e) }),
    )
    .finally(done);
}

function done(): void {
  busy = false;
  // After the messages that arrived meanwhile, so a waiting request goes before the next warm-up layout.
  setImmediate(next);
}

port.on("message", (message: ThreadRequest) => {
  if ("warmUp" in message) {
    if (message.warmUp.length === 0 && warmUp.length === 0 && !warmingUp) return reply({ warmedUpMs: 0 });
    warmUpStart ??= performance.now();
    warmUp.push(...message.warmUp);
  } else if ("promote" in message) {
    const i = ahead.findIndex((r) => r.id === message.promote);
    if (i >= 0) requests.push(...ahead.splice(i, 1));
  } else {
    (message.ahead ? ahead : requests).push({ id: message.id, graph: message.graph });
  }
  next();
});
