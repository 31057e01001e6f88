// The table preview (issue 12): scrolling through a 200-column × 1,000,000-row table in headless Chromium
// (its pages from a fake source in the page, so the page's own work is measured). Each way of scrolling (a
// fast drag of the scroll bar, a wheel, a trackpad, across the columns) reports its frame interval p95,
// and, from a traced run of the same scroll (bench/lib/frame-trace.ts), the main thread's work per frame
// (script, style, layout, paint and commit) and the raster threads'; the floors are the same browser's idle
// frames and a plain grid of text scrolled natively in the same way. Then the latency of one page of rows
// through the real CLI (PreviewRowsSource running `gluepy preview --offset K --rows 100 --json`, as the
// panel does) on a 1,000,000-row parquet file, against a node process reading the same rows with polars.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cliInvocation, runToEnd } from "../client/src/run-process";
import { PreviewRowsSource } from "../client/src/table-preview-source";
import { TablePage, wideFrame } from "../media/test/table-page";
import { loadPolars } from "../runtime/src/files/data/polars";
import type { BrowserContext, Page } from "playwright-core";
import { framesOf, traced, type FrameWork } from "./lib/frame-trace";
import { median, percentile, report, type Figure } from "./lib/measure";
import { loadAverage } from "./lib/start-timing";

const REPO = resolve(__dirname, "..");
const CLI = join(REPO, "dist/runtime/cli.js");
const ROUNDS = 5;

/** rAF deltas over `frames` frames, calling `step` in each (a string: the page runs it). */
function frameDeltas(page: Page, frames: number, step: string): Promise<number[]> {
  return page.evaluate(`new Promise((resolve) => {
    const s = document.getElementById("scroller");
    const deltas = [];
    let last = 0;
    let n = 0;
    const frame = (now) => {
      if (last) deltas.push(now - last);
      last = now;
      ${step};
      if (++n <= ${frames}) requestAnimationFrame(frame);
      else resolve(deltas);
    };
    requestAnimationFrame(frame);
  })`) as Promise<number[]>;
}

/** A way of scrolling: px a frame down the rows, or across the columns. */
interface Scroll {
  name: string;
  step: string;
  frames: number;
}

const FAST_DRAG: Scroll = { name: "fast drag, 700 px a frame", step: "s.scrollTop += 700", frames: 300 };
const WHEEL: Scroll = { name: "wheel, 100 px a frame", step: "s.scrollTop += 100", frames: 300 };
const TRACKPAD: Scroll = { name: "trackpad, 40 px a frame", step: "s.scrollTop += 40", frames: 300 };
const COLUMNS: Scroll = { name: "across the columns, 300 px a frame", step: "s.scrollLeft += 300", frames: 120 };

interface Scrolled {
  /** Frame intervals (rAF deltas), untraced. */
  intervals: number[];
  /** Each frame's work, from a second, traced run of the same scroll. */
  work: FrameWork[];
}

/** Scrolls the page's #scroller as `scroll` says from `from`, twice: once for its frame intervals, once
 * traced for where each frame's time goes (tracing costs the page some time of its own). */
async function scrolled(page: Page, scroll: Scroll, from: string): Promise<Scrolled> {
  await page.evaluate(from);
  const intervals = await frameDeltas(page, scroll.frames, scroll.step);
  await page.evaluate(from);
  const work = framesOf(await traced(page, () => frameDeltas(page, scroll.frames, scroll.step)));
  return { intervals, work };
}

/** The floor: the same browser scrolling a plain, fully built grid of text as tall and as dense as the
 * table's view (3,000 rows of 15 cells), natively, with no script: what the browser itself needs. */
async function plainGrid(context: BrowserContext): Promise<Page> {
  const plain = await context.newPage();
  await plain.setViewportSize({ width: 1200, height: 700 });
  await plain.setContent(`<body style="margin:0"><div id="scroller" style="height:700px;overflow:auto;font:12px monospace">${Array.from({ length: 3000 }, (_, r) => `<div style="height:22px;white-space:nowrap">${Array.from({ length: 15 }, (_, c) => `<span style="display:inline-block;width:76px">r${r}c${c}</span>`).join("")}</div>`).join("")}</div></body>`);
  return plain;
}

interface Scrolling {
  idle: number[];
  table: Map<Scroll, Scrolled>;
  plain: Map<Scroll, Scrolled>;
  draws: Map<Scroll, number[]>;
  lastRowMs: number;
}

async function scrolling(): Promise<Scrolling> {
  const page = await TablePage.open({ fake: wideFrame(200, 1_000_000) });
  try {
    await page.cellText(0, 0);
    const idle = await frameDeltas(page.page, 240, "");
    const table = new Map<Scroll, Scrolled>();
    const draws = new Map<Scroll, number[]>();
    // From the middle of the table (a drag from the top would reach its end in a few hundred frames).
    const middle = `document.getElementById("scroller").scrollTop = 2_000_000; document.getElementById("scroller").scrollLeft = 0`;
    for (const scroll of [FAST_DRAG, WHEEL, TRACKPAD, COLUMNS]) {
      await page.page.evaluate(() => performance.clearMeasures("gluepy-table-draw"));
      table.set(scroll, await scrolled(page.page, scroll, middle));
      draws.set(scroll, await page.page.evaluate(() => performance.getEntriesByName("gluepy-table-draw").map((e) => e.duration)));
    }
    const plainPage = await plainGrid(page.page.context());
    const plain = new Map<Scroll, Scrolled>();
    for (const scroll of [FAST_DRAG, WHEEL, TRACKPAD]) plain.set(scroll, await scrolled(plainPage, { ...scroll, frames: 90 }, `document.getElementById("scroller").scrollTop = 0`));
    await plainPage.close();
    const start = performance.now();
    await page.scrollTo("bottom", "right");
    await page.cellText(999_999, 199);
    const lastRowMs = performance.now() - start;
    return { idle, table, plain, draws, lastRowMs };
  } finally {
    await page.close();
  }
}

async function writeFrame(file: string): Promise<void> {
  const pl = await loadPolars();
  const ids = Array.from({ length: 1_000_000 }, (_, i) => i);
  const columns: Record<string, unknown[]> = { id: ids };
  for (let c = 1; c < 10; c++) columns[`col_${c}`] = c % 2 ? ids.map((i) => (i * c) % 977) : ids.map((i) => `row ${i} col ${c}`);
  pl.DataFrame(columns).writeParquet(file);
}

async function pageLatency(): Promise<{ cli: number[]; floor: number[] }> {
  const project = mkdtempSync(join(tmpdir(), "gluepy-bench-table-"));
  try {
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "bench-table", private: true }));
    writeFileSync(join(project, "gluepy.config.ts"), "export default {};\n");
    mkdirSync(join(project, "data", "frames"), { recursive: true });
    const file = join(project, "data", "frames", "wide.parquet");
    await writeFrame(file);
    const source = new PreviewRowsSource(project, "frames/wide.parquet", (args, signal) => runToEnd(cliInvocation(CLI, args, process.execPath), project, signal));
    const polars = require.resolve("nodejs-polars");
    const cli: number[] = [];
    const floor: number[] = [];
    let id = 0;
    for (let round = 0; round <= ROUNDS; round++) {
      for (const offset of [0, 250_000, 500_000, 999_900]) {
        let start = performance.now();
        const answer = await source.answer({ type: "fetch-rows", id: id++, offset, rows: 100 });
        if (answer?.type !== "rows" || answer.slice.rows.length !== 100) throw new Error(`page at ${offset}: ${JSON.stringify(answer).slice(0, 300)}`);
        const cliMs = performance.now() - start;
        start = performance.now();
        const r = spawnSync(process.execPath, ["-e", `const pl = require(${JSON.stringify(polars)}); const s = pl.scanParquet(${JSON.stringify(file)}); s.slice(${offset}, 100).collectSync().toRecords(); s.select(pl.len()).collectSync();`]);
        if (r.status !== 0) throw new Error(`polars floor: ${r.stderr}`);
        // The first round warms the page cache of the file: not counted.
        if (round > 0) [cli.push(cliMs), floor.push(performance.now() - start)];
      }
    }
    return { cli, floor };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (spawnSync(process.execPath, ["esbuild.config.mjs"], { cwd: REPO, stdio: "inherit" }).status !== 0) throw new Error("esbuild.config.mjs failed");
  console.log(`table-preview: ${loadAverage()} (before)`);
  const s = await scrolling();
  const idleP95 = percentile(s.idle, 95);
  // TABLE_BENCH_SCROLL_ONLY=1: the scrolling figures only (a quicker loop while working on the grid).
  const latency = process.env.TABLE_BENCH_SCROLL_ONLY ? { cli: [NaN], floor: [NaN] } : await pageLatency();
  const p95 = (values: number[]): number => percentile(values, 95);
  const rows = (scroll: Scroll): Figure[] => {
    const table = s.table.get(scroll)!;
    const plain = s.plain.get(scroll);
    const figures: Figure[] = [
      { name: `${scroll.name}: frame interval p95`, value: p95(table.intervals), unit: "ms", limit: 16.7 },
      { name: `${scroll.name}: frame interval median`, value: median(table.intervals), unit: "ms" },
      { name: `${scroll.name}: main-thread work per frame p95 (script, style, layout, paint, commit; traced)`, value: p95(table.work.map((f) => f.main)), unit: "ms", limit: 16.7 },
      { name: `${scroll.name}: main-thread CPU time per frame p95 (the same work, less what other processes took; traced)`, value: p95(table.work.map((f) => f.mainCpu)), unit: "ms" },
      ...(["script", "style", "layout", "paint"] as const).map((kind) => ({ name: `${scroll.name}: of it ${kind === "paint" ? "paint, layerize and commit" : kind}, p95`, value: p95(table.work.map((f) => f[kind])), unit: "ms" })),
      { name: `${scroll.name}: raster per frame p95 (raster threads; traced)`, value: p95(table.work.map((f) => f.raster)), unit: "ms" },
      { name: `${scroll.name}: grid drawing per frame p95 (JS only)`, value: p95(s.draws.get(scroll)!), unit: "ms" },
    ];
    if (plain) {
      figures.push(
        { name: `${scroll.name}: floor, a plain grid of text scrolled natively: frame interval p95`, value: p95(plain.intervals), unit: "ms" },
        { name: `${scroll.name}: floor, its main-thread work per frame p95`, value: p95(plain.work.map((f) => f.main)), unit: "ms" },
        { name: `${scroll.name}: floor, its main-thread CPU time per frame p95`, value: p95(plain.work.map((f) => f.mainCpu)), unit: "ms" },
        { name: `${scroll.name}: frame interval p95 vs the floor's`, value: p95(table.intervals) / p95(plain.intervals), unit: "x" },
      );
    }
    return figures;
  };
  report("table-preview", [
    { name: "idle frame p95 (floor)", value: idleP95, unit: "ms" },
    ...rows(FAST_DRAG),
    ...rows(WHEEL),
    ...rows(TRACKPAD),
    ...rows(COLUMNS),
    { name: "jump to the last row and column: scroll to its cells shown (fake source)", value: s.lastRowMs, unit: "ms" },
    { name: "page of 100 rows through gluepy preview, median (offsets 0 to 999,900 of a 1M-row parquet)", value: median(latency.cli), unit: "ms" },
    { name: "page of 100 rows through gluepy preview, p95", value: percentile(latency.cli, 95), unit: "ms" },
    { name: "page of 100 rows through gluepy preview vs a node process reading them with polars (median)", value: median(latency.cli) / median(latency.floor), unit: "x" },
    { name: "polars floor process, median", value: median(latency.floor), unit: "ms" },
  ]);
  console.log(`table-preview: ${loadAverage()} (after)`);
}

void main();
