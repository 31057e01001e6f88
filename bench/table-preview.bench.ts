// The table preview (issue 12): scrolling through a 200-column × 1,000,000-row table in headless Chromium
// (its pages from a fake source in the page, so the page's own work is measured), frame time p95 and max
// against the same browser's idle frames measured in the same run (the floor: 16.7 ms when the machine keeps
// up), and the grid's drawing time per frame; then the latency of one page of rows through the real CLI
// (PreviewRowsSource running `gluepy preview --offset K --rows 100 --json`, as the panel does) on a
// 1,000,000-row parquet file, against a node process reading the same rows with polars directly.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cliInvocation, runToEnd } from "../client/src/run-process";
import { PreviewRowsSource } from "../client/src/table-preview-source";
import { TablePage, wideFrame } from "../media/test/table-page";
import { loadPolars } from "../runtime/src/files/data/polars";
import { median, percentile, report } from "./lib/measure";
import { loadAverage } from "./lib/start-timing";

const REPO = resolve(__dirname, "..");
const CLI = join(REPO, "dist/runtime/cli.js");
const ROUNDS = 5;

/** rAF deltas over `frames` frames, calling `step` in each (a string: the page runs it). */
function frameDeltas(page: TablePage, frames: number, step: string): Promise<number[]> {
  return page.page.evaluate(`new Promise((resolve) => {
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

async function scrolling(): Promise<{ idle: number[]; vertical: number[]; horizontal: number[]; draws: number[]; lastRowMs: number; repaint: number[] }> {
  const page = await TablePage.open({ fake: wideFrame(200, 1_000_000) });
  try {
    await page.cellText(0, 0);
    const idle = await frameDeltas(page, 240, "");
    await page.page.evaluate(() => performance.clearMeasures("gluepy-table-draw"));
    // About 87 rows a frame (the 22M px table is scaled onto an 8M px scroll range): a fast drag.
    const vertical = await frameDeltas(page, 600, "s.scrollTop += 700");
    const horizontal = await frameDeltas(page, 120, "s.scrollLeft += 300");
    const draws = await page.page.evaluate(() => performance.getEntriesByName("gluepy-table-draw").map((e) => e.duration));
    // The repaint floor: the same browser scrolling a plain, fully built grid of text as tall and as dense
    // as the view (3,000 rows of 15 cells), natively: what a full view of new text costs to paint here.
    const plain = await page.page.context().newPage();
    await plain.setViewportSize({ width: 1200, height: 700 });
    await plain.setContent(`<body style="margin:0"><div id="scroller" style="height:700px;overflow:auto;font:12px monospace">${Array.from({ length: 3000 }, (_, r) => `<div style="height:22px;white-space:nowrap">${Array.from({ length: 15 }, (_, c) => `<span style="display:inline-block;width:76px">r${r}c${c}</span>`).join("")}</div>`).join("")}</div></body>`);
    const repaint = (await plain.evaluate(`new Promise((resolve) => { const s = document.getElementById("scroller"); const d = []; let last = 0; let n = 0; const f = (now) => { if (last) d.push(now - last); last = now; s.scrollTop += 700; if (++n <= 90) requestAnimationFrame(f); else resolve(d); }; requestAnimationFrame(f); })`)) as number[];
    await plain.close();
    const start = performance.now();
    await page.scrollTo("bottom", "right");
    await page.cellText(999_999, 199);
    const lastRowMs = performance.now() - start;
    return { idle, vertical, horizontal, draws, lastRowMs, repaint };
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
  const latency = await pageLatency();
  report("table-preview", [
    { name: "frame time p95 scrolling 200 columns x 1M rows (600 frames, ~87 rows a frame) vs idle frames p95 of the same browser", value: percentile(s.vertical, 95) / idleP95, unit: "x" },
    { name: "frame time p95 scrolling the table vs a plain grid of text scrolled natively by a view a frame (repaint floor)", value: percentile(s.vertical, 95) / percentile(s.repaint, 95), unit: "x" },
    { name: "frame time p95, scrolling rows", value: percentile(s.vertical, 95), unit: "ms", limit: 16.7 },
    { name: "repaint floor: frame time p95 of the plain grid", value: percentile(s.repaint, 95), unit: "ms" },
    { name: "frame time max, scrolling rows", value: Math.max(...s.vertical), unit: "ms" },
    { name: "frame time median, scrolling rows", value: median(s.vertical), unit: "ms" },
    { name: "frame time p95, scrolling columns (120 frames, 300 px a frame)", value: percentile(s.horizontal, 95), unit: "ms" },
    { name: "idle frame p95 (floor)", value: idleP95, unit: "ms" },
    { name: "grid drawing per frame, p95 (cells in view, JS only)", value: percentile(s.draws, 95), unit: "ms" },
    { name: "grid drawing per frame, max", value: Math.max(...s.draws), unit: "ms" },
    { name: "jump to the last row and column: scroll to its cells shown (fake source)", value: s.lastRowMs, unit: "ms" },
    { name: "page of 100 rows through gluepy preview, median (offsets 0 to 999,900 of a 1M-row parquet)", value: median(latency.cli), unit: "ms" },
    { name: "page of 100 rows through gluepy preview, p95", value: percentile(latency.cli, 95), unit: "ms" },
    { name: "page of 100 rows through gluepy preview vs a node process reading them with polars (median)", value: median(latency.cli) / median(latency.floor), unit: "x" },
    { name: "polars floor process, median", value: median(latency.floor), unit: "ms" },
  ]);
  console.log(`table-preview: ${loadAverage()} (after)`);
}

void main();
