// The bundled table preview page in headless Chromium, browsing a 200-column × 1,000,000-row frame. Its
// rows come from a fake page source in the test page (the stand-in for the extension running `gluepy
// preview`): it makes any page's cells from their row and column; the offsets asked are the page's posts.

import { strict as assert } from "node:assert";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { cellOf, TablePage, wideFrame } from "./table-page";

const ARTEFACTS = join(__dirname, "..", "..", "test-results", "media");
const ROWS = 1_000_000;
const COLUMNS = 200;

const frame = wideFrame(COLUMNS, ROWS);
const fakeCell = cellOf(frame);

/** The offsets the page asked for since `from` messages ago. */
async function askedOffsets(page: TablePage, from = 0): Promise<number[]> {
  const asked = (await page.posted()).slice(from).flatMap((m) => (m.type === "fetch-rows" ? [m.offset] : []));
  return [...new Set(asked)].sort((a, b) => a - b);
}

describe("table preview page (headless Chromium, 200 columns × 1,000,000 rows)", function () {
  this.timeout(120_000);
  let page: TablePage;

  before(async () => {
    mkdirSync(ARTEFACTS, { recursive: true });
    page = await TablePage.open({ fake: frame });
  });
  after(async () => {
    await page?.close();
  });

  it("shows the schema, the row count and the first rows, asking only for the first pages", async () => {
    assert.equal(await page.cellText(0, 0), "0");
    assert.equal(await page.cellText(2, 1), "r2c1");
    await page.page.waitForFunction(() => document.getElementById("status")!.textContent!.startsWith("1,000,000 rows × 200 columns"));
    const heads = await page.page.$$eval(".column-head:not([hidden])", (hs) => hs.map((h) => h.textContent));
    assert.deepEqual(heads.slice(0, 3), ["idInt64", "col_1String", "col_2Float64"]);
    assert.deepEqual(await askedOffsets(page), [0, 100]);
    assert.equal((await page.posted())[0]!.type, "ready");
  });

  it("scrolls to the last row and the last column: fetches only the pages there, shows their values, keeps only a window in the DOM", async () => {
    const before = (await page.posted()).length;
    await page.scrollTo("bottom", "right");
    assert.equal(await page.cellText(ROWS - 1, COLUMNS - 1), String(fakeCell(ROWS - 1, COLUMNS - 1)));
    assert.equal(await page.cellText(ROWS - 1, COLUMNS - 2), String(fakeCell(ROWS - 1, COLUMNS - 2)));
    const lastNumber = await page.page.textContent(`.row-number[data-row="${ROWS - 1}"]:not([hidden])`);
    assert.equal(lastNumber, "1,000,000".replace(/,/g, ""));
    // The pages holding the last rows, and the one before as read-ahead: nothing between the top and the end.
    assert.deepEqual(await askedOffsets(page, before), [999_800, 999_900]);
    const dom = await page.page.evaluate(() => ({
      cells: document.querySelectorAll(".row:not([hidden]) .cell:not([hidden])").length,
      all: document.querySelectorAll(".cell").length,
      rowsShown: document.body.dataset.rowsShown,
      rowsDrawn: document.body.dataset.rowsDrawn,
      columnsShown: document.body.dataset.columnsShown,
    }));
    const [first, last] = dom.rowsShown!.split("-").map(Number) as [number, number];
    const [firstDrawn, lastDrawn] = dom.rowsDrawn!.split("-").map(Number) as [number, number];
    const [firstCol, lastCol] = dom.columnsShown!.split("-").map(Number) as [number, number];
    assert.equal(last, ROWS - 1);
    assert.equal(lastCol, COLUMNS - 1);
    // The rows in view and a few above (drawn ahead of a wheel scroll), none past the end.
    assert.deepEqual([first - firstDrawn, lastDrawn], [4, ROWS - 1]);
    assert.equal(dom.cells, (lastDrawn - firstDrawn + 1) * (lastCol - firstCol + 1), "only the cells of the rows drawn and the columns in view are shown");
    assert.ok(dom.all < 2000, `the DOM holds a window of cells, not the table (${dom.all} cell elements)`);
    assert.match(await page.status(), /rows 999,9\d\d–1,000,000/);
    await page.page.screenshot({ path: join(ARTEFACTS, "table-preview-end.png") });
  });

  it("keeps frames short while scrolling through the rows (frame times reported, not asserted)", async () => {
    await page.scrollTo(0, 0);
    // 30 frames, each scrolled by 1,500 px (about 68 rows; scaled, about 190 rows), as a fast wheel does.
    // A string, not a function: the test's compiler names inner functions with a helper the page lacks.
    const frames = (await page.page.evaluate(`new Promise((resolve) => {
      const s = document.getElementById("scroller");
      const deltas = [];
      let last = performance.now();
      let n = 0;
      const step = (now) => {
        deltas.push(now - last);
        last = now;
        s.scrollTop += 1500;
        if (++n < 30) requestAnimationFrame(step);
        else resolve(deltas.slice(1));
      };
      requestAnimationFrame(step);
    })`)) as number[];
    const sorted = [...frames].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
    console.log(`      frame time while scrolling 30 frames: median ${sorted[sorted.length >> 1]!.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms (load ${(await import("node:os")).loadavg()[0]!.toFixed(2)})`);
    assert.equal(frames.length, 29);
  });

  it("sorts by a column the rows loaded around the view, says which rows it took, and clears the sort", async () => {
    await page.scrollTo(0, 0);
    await page.page.click('.column-head[data-col="3"]');
    await page.page.waitForFunction(() => /sorted by col_3 ↑/.test(document.getElementById("status")!.textContent!));
    assert.match(await page.status(), /rows 1–2,000 of 1,000,000 only \(the rows loaded around the view; the file is not sorted\)/);
    const values = await Promise.all([0, 1, 2, 3, 4].map((r) => page.cellText(r, 3)));
    const expected = Array.from({ length: 2000 }, (_, r) => fakeCell(r, 3) as number).sort((a, b) => a - b).slice(0, 5);
    assert.deepEqual(values.map(Number), expected);
    assert.equal(await page.page.getAttribute('.column-head[data-col="3"]', "aria-sort"), "ascending");
    await page.page.click('.column-head[data-col="3"]');
    await page.page.waitForFunction(() => /sorted by col_3 ↓/.test(document.getElementById("status")!.textContent!));
    assert.equal(Number(await page.cellText(0, 3)), Math.max(...Array.from({ length: 2000 }, (_, r) => fakeCell(r, 3) as number)));
    await page.page.screenshot({ path: join(ARTEFACTS, "table-preview-sorted.png") });
    await page.page.click("#clear-sort");
    assert.equal(await page.cellText(0, 3), String(fakeCell(0, 3)));
    assert.match(await page.status(), /^1,000,000 rows × 200 columns · rows 1–/);
  });

  it("says why a page cannot be read, and reads it again on Retry", async () => {
    const failing = "Cannot read runs/x/table.parquet as parquet: bad footer";
    await page.page.evaluate((f) => ((window as unknown as { __fake: { failing?: string } }).__fake.failing = f), failing);
    await page.scrollTo(5_000_000);
    await page.page.locator("#message:not([hidden])").waitFor();
    assert.equal(await page.page.textContent("#message"), `Cannot show this file: ${failing}`);
    await page.page.evaluate(() => ((window as unknown as { __fake: { failing?: string } }).__fake.failing = undefined));
    await page.page.click("#retry");
    await page.page.locator("#message").waitFor({ state: "hidden" });
    // The message's line went: the grid is taller by it from the next drawing on.
    await page.scrollTo(await page.page.evaluate(() => document.getElementById("scroller")!.scrollTop));
    const first = Number((await page.page.evaluate(() => document.body.dataset.rowsShown))!.split("-")[0]);
    // Its column was sized from the first page's shorter values: the cell shows the value's start and "…"
    // (as the browser's ellipsis did), its tooltip the whole value.
    const whole = `r${first}c1`;
    const shown = await page.cellText(first, 1);
    assert.ok(shown === whole || (shown.endsWith("…") && shown.length > 1 && whole.startsWith(shown.slice(0, -1))), `cell shows ${shown} of ${whole}`);
    assert.equal(await page.cellTooltip(first, 1), whole);
    assert.deepEqual(page.errors, []);
  });
});
