// Where a page's frames go: records a Chromium trace (CDP Tracing, devtools.timeline categories) around
// some scrolling, then splits the renderer's work by frame: main-thread work (script, style, layout, paint
// record and commit) and raster (tiles drawn on the raster threads). The split is pure (`framesOf`).

import type { Page } from "playwright-core";

/** One trace event as Chromium writes it (the fields read here). */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, µs. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** A frame's work in ms: on the renderer's main thread (all of it, and by kind) and on its raster threads. */
export interface FrameWork {
  main: number;
  /** The main thread's CPU time in its tasks: unlike `main` (wall time), not stretched when other processes
   * take the cores (this machine is shared). */
  mainCpu: number;
  script: number;
  style: number;
  layout: number;
  paint: number;
  raster: number;
}

const CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame", "toplevel", "cc"];

const KIND: Record<string, keyof Omit<FrameWork, "main" | "mainCpu" | "raster">> = {
  FireAnimationFrame: "script",
  FunctionCall: "script",
  EventDispatch: "script",
  EvaluateScript: "script",
  TimerFire: "script",
  UpdateLayoutTree: "style",
  Layout: "layout",
  PrePaint: "paint",
  Paint: "paint",
  Layerize: "paint",
  UpdateLayer: "paint",
  Commit: "paint",
};

/** Runs `during` with the browser tracing, and returns the trace's events. */
export async function traced(page: Page, during: () => Promise<unknown>): Promise<TraceEvent[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Tracing.start", { transferMode: "ReportEvents", traceConfig: { includedCategories: CATEGORIES, excludedCategories: ["*"] } });
  try {
    await during();
  } finally {
    await cdp.send("Tracing.end");
    await complete;
    await cdp.detach();
  }
  return events;
}

/** Each frame's work, frames delimited by the renderer main thread's BeginMainThreadFrame events (the
 * renderer with the most of them: the page scrolled). The first and last partial frames are left out. */
export function framesOf(events: readonly TraceEvent[]): FrameWork[] {
  const threadName = new Map<string, string>();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
  const begins = new Map<string, number[]>();
  for (const e of events) {
    if (e.name !== "BeginMainThreadFrame" || threadName.get(`${e.pid}:${e.tid}`) !== "CrRendererMain") continue;
    const key = `${e.pid}:${e.tid}`;
    begins.set(key, [...(begins.get(key) ?? []), e.ts]);
  }
  const [main, starts] = [...begins].sort((a, b) => b[1].length - a[1].length)[0] ?? ["", []];
  const pid = Number(main.split(":")[0]);
  starts.sort((a, b) => a - b);
  const frames: FrameWork[] = starts.slice(1).map(() => ({ main: 0, mainCpu: 0, script: 0, style: 0, layout: 0, paint: 0, raster: 0 }));
  const frameAt = (ts: number): FrameWork | undefined => {
    let lo = 0;
    let hi = starts.length - 1;
    if (ts < starts[0]! || ts >= starts[hi]!) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= ts) lo = mid;
      else hi = mid - 1;
    }
    return frames[lo];
  };
  // Only outermost events of a kind count (a FunctionCall inside FireAnimationFrame is already in it).
  const complete = events.filter((e) => e.ph === "X" && e.pid === pid && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const counted = new Map<string, number>();
  for (const e of complete) {
    const thread = threadName.get(`${e.pid}:${e.tid}`) ?? "";
    const frame = frameAt(e.ts);
    if (!frame) continue;
    const ms = e.dur! / 1000;
    if (thread === "CrRendererMain") {
      if (e.name === "RunTask") {
        frame.main += ms;
        frame.mainCpu += (e.tdur ?? e.dur!) / 1000;
      }
      const kind = KIND[e.name];
      if (!kind) continue;
      const key = `${e.tid}:${kind}`;
      if ((counted.get(key) ?? -1) > e.ts) continue;
      counted.set(key, e.ts + e.dur!);
      frame[kind] += ms;
    } else if (e.name === "RasterTask") {
      frame.raster += ms;
    }
  }
  return frames;
}
