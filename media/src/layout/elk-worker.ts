// The layout engine (dist/media/layout-worker.js): ELK's worker script. Started as a Web Worker it answers
// elk-api's messages by itself; loaded into the page as a script it offers the same engine on the main
// thread (as `GluepyElkEngine`, a worker stand-in) for when a worker cannot start.
// @ts-expect-error elkjs declares no types for its worker module
import * as elkWorker from "elkjs/lib/elk-worker.min.js";

(globalThis as { GluepyElkEngine?: unknown }).GluepyElkEngine = (elkWorker as { Worker: unknown }).Worker;
