import { strict as assert } from "node:assert";
import { cellText, columnWidth, asciiMetrics, fitText, wholeText } from "../src/table/grid";
import { columnEdges, columnWindow, followScroll, FOLLOW_VIEWS, MAX_CONTENT_PX, MAX_DRIFT_PX, pagesFor, rowWindow, scrollTopForRow, type ScrollAnchor } from "../src/table/grid-window";

describe("table preview: window maths (rows and columns in view)", () => {
  it("shows the rows under the view, a partly visible last row included", () => {
    const w = rowWindow(220, 100, 1000, 22);
    assert.deepEqual({ first: w.first, end: w.end, top: w.top, contentHeight: w.contentHeight }, { first: 10, end: 15, top: 220, contentHeight: 22_000 });
    assert.deepEqual(rowWindow(0, 500, 3, 22), { contentHeight: 66, top: 0, first: 0, end: 3 });
  });

  it("scales a table taller than the browser allows onto a capped spacer, and still reaches its last row", () => {
    const rows = 1_000_000;
    const view = 600;
    const bottom = rowWindow(1e12, view, rows, 22);
    assert.equal(bottom.contentHeight, MAX_CONTENT_PX);
    assert.equal(bottom.end, rows);
    assert.equal(bottom.top, rows * 22 - view);
    const middle = rowWindow((MAX_CONTENT_PX - view) / 2, view, rows, 22);
    assert.equal(middle.first, Math.floor((rows * 22 - view) / 2 / 22));
  });

  it("scrolls to a row and back: scrollTopForRow puts that row at the top", () => {
    for (const [row, rows] of [[0, 10], [500, 1000], [777_777, 1_000_000], [999_990, 1_000_000]] as const) {
      const top = scrollTopForRow(row, 440, rows, 22);
      const w = rowWindow(top, 440, rows, 22);
      assert.ok(Math.abs(w.first - Math.min(row, Math.max(0, rows - 20))) <= 1, `row ${row} of ${rows}: first in view ${w.first}`);
    }
  });

  it("finds the columns in view by their edges (any widths)", () => {
    const edges = columnEdges([100, 50, 200, 80, 80]);
    assert.deepEqual(edges, [0, 100, 150, 350, 430, 510]);
    assert.deepEqual(columnWindow(0, 120, edges), { first: 0, end: 2 });
    assert.deepEqual(columnWindow(160, 100, edges), { first: 2, end: 3 });
    assert.deepEqual(columnWindow(400, 1000, edges), { first: 3, end: 5 });
    assert.deepEqual(columnWindow(0, 100, columnEdges([])), { first: 0, end: 0 });
  });

  it("asks for the pages holding the rows in view first, then one page either side, none past the end", () => {
    assert.deepEqual(pagesFor(150, 190, 100, 1000), [1, 2, 0]);
    assert.deepEqual(pagesFor(195, 230, 100, 1000), [1, 2, 3, 0]);
    assert.deepEqual(pagesFor(990, 1000, 100, 1000), [9, 8]);
    assert.deepEqual(pagesFor(0, 10, 100, 1000, 0), [0]);
    assert.deepEqual(pagesFor(0, 0, 100, 0), []);
  });

  it("makes a column as wide as its widest name, type or sampled value (in the page's fonts), within bounds", () => {
    // 8 px a character in cells, 9 in names, 6 in types.
    const measure = (text: string, as: "cell" | "name" | "type") => text.length * { cell: 8, name: 9, type: 6 }[as];
    assert.equal(columnWidth({ name: "id", type: "Int64" }, [1, 22, 333], measure), 64);
    assert.equal(columnWidth({ name: "date", type: "String" }, ["2025-11-05", null], measure), 10 * 8 + 16);
    assert.equal(columnWidth({ name: "predicted_value", type: "Float64" }, [1.5], measure), (15 + 2) * 9 + 16);
    assert.equal(columnWidth({ name: "text", type: "String" }, ["x".repeat(500)], measure), 40 * 8 + 16, "values are measured up to 40 characters");
    assert.equal(columnWidth({ name: "n".repeat(60), type: "String" }, [], measure), 360);
    assert.equal(cellText(null), "null");
    assert.equal(cellText("y".repeat(300)).length, 201);
  });
  it("cuts a cell's text to its column with an ellipsis, measuring only what may not fit; the tooltip's text is whole", () => {
    const measured: string[] = [];
    // A proportional font: 7 px a character, "W" 9, "…" 7.
    const measure = (t: string) => (measured.push(t), [...t].reduce((w, ch) => w + (ch === "W" ? 9 : 7), 0));
    const ascii = asciiMetrics(measure);
    assert.deepEqual(ascii, { widest: 9, narrowest: 7, ellipsis: 7 });
    measured.length = 0;
    assert.equal(fitText("r12c1", 50, measure, ascii), "r12c1");
    assert.equal(measured.length, 0, "printable ASCII short enough is not measured");
    assert.equal(fitText("r625031c1", 50, measure, ascii), "r62503…");
    assert.ok(measure("r62503…") <= 50 && measure("r625031…") > 50, "the longest start that fits");
    assert.equal(fitText("ééééé", 35, measure, ascii), "ééééé", "other text is measured");
    assert.equal(fitText("WWWWW", 44, measure, ascii), "WWWW…");
    assert.equal(fitText("abc", 3, measure, ascii), "…");
    // A monospace font: cut by arithmetic, as measuring would.
    const mono = (t: string) => (measured.push(t), t.length * 7.25);
    const monoAscii = asciiMetrics(mono);
    measured.length = 0;
    for (const [text, width] of [["r625031c1", 50], ["1248.75", 43.5], ["x".repeat(200), 346], ["ab", 1]] as const) {
      assert.equal(fitText(text, width, mono, monoAscii), fitText(text, width, mono), `${text} in ${width} px`);
    }
    assert.equal(measured.filter((t) => t !== "…").length > 0, true, "(the reference measured)");
    measured.length = 0;
    fitText("r625031c1", 50, mono, monoAscii);
    assert.equal(measured.length, 0, "monospace ASCII is cut without measuring");
    assert.equal(wholeText("x".repeat(300)).length, 300);
    assert.equal(wholeText({ a: [1, 2] }), '{"a":[1,2]}');
    assert.equal(wholeText(null), "null");
    assert.equal(wholeText(1.5), "1.5");
  });

  describe("followScroll (a small scroll moves the rows by its pixels; a jump takes the scroll bar's fraction)", () => {
    const ROWS = 1_000_000;
    const VIEW = 600;
    const scrollRange = MAX_CONTENT_PX - VIEW;
    const range = ROWS * 22 - VIEW;
    /** Scrolls by `by` px `times` times from `anchor`, moving the scroll bar as a re-base says (as the grid
     * does), and returns the last step's result and how many re-bases there were. */
    function scrollBy(anchor: ScrollAnchor, by: number, times: number): { last: ReturnType<typeof followScroll>; rebases: number } {
      let rebases = 0;
      let last = followScroll(anchor, anchor.scrollTop, VIEW, ROWS, 22);
      for (let i = 0; i < times; i++) {
        const to = Math.min(scrollRange, Math.max(0, last.anchor.scrollTop + by));
        last = followScroll(last.anchor, to, VIEW, ROWS, 22);
        if (last.rebaseTo !== undefined) rebases++;
      }
      return { last, rebases };
    }

    it("takes the scroll bar's fraction on the first drawing, as rowWindow does", () => {
      for (const s of [0, 1234, scrollRange / 2, scrollRange]) {
        const { window, rebaseTo } = followScroll(undefined, s, VIEW, ROWS, 22);
        const expected = rowWindow(s, VIEW, ROWS, 22);
        assert.ok(Math.abs(window.top - expected.top) <= 1, `at ${s}: ${window.top} vs ${expected.top}`);
        assert.equal(rebaseTo, undefined);
      }
    });

    it("moves the view by as many pixels as a small scroll, in a scaled table too (rows drawn stay where they are)", () => {
      const start = followScroll(undefined, scrollRange / 2, VIEW, ROWS, 22);
      for (const by of [1, 40, 100, -100, 700, -FOLLOW_VIEWS * VIEW]) {
        const next = followScroll(start.anchor, start.anchor.scrollTop + by, VIEW, ROWS, 22);
        assert.equal(next.window.top - start.window.top, by, `a scroll of ${by} px`);
        assert.equal(next.anchor.offset, start.anchor.offset, "the rows keep their place in the scroll area");
        assert.equal(next.rebaseTo, undefined);
      }
    });

    it("takes the scroll bar's fraction for a jump, a new row count or a new view height", () => {
      const start = followScroll(undefined, scrollRange / 2, VIEW, ROWS, 22);
      const far = start.anchor.scrollTop + FOLLOW_VIEWS * VIEW + 1;
      assert.ok(Math.abs(followScroll(start.anchor, far, VIEW, ROWS, 22).window.top - rowWindow(far, VIEW, ROWS, 22).top) <= 1);
      const moved = followScroll(start.anchor, start.anchor.scrollTop + 10, VIEW, ROWS - 1, 22);
      assert.ok(Math.abs(moved.window.top - rowWindow(start.anchor.scrollTop + 10, VIEW, ROWS - 1, 22).top) <= 1);
      const taller = followScroll(start.anchor, start.anchor.scrollTop + 10, VIEW + 50, ROWS, 22);
      assert.ok(Math.abs(taller.window.top - rowWindow(start.anchor.scrollTop + 10, VIEW + 50, ROWS, 22).top) <= 1);
    });

    it("is rowWindow for a table that is not scaled, however it is scrolled", () => {
      let anchor: ScrollAnchor | undefined;
      for (const s of [0, 40, 80, 5000, 5100, 21_400, 21_350]) {
        const followed = followScroll(anchor, s, VIEW, 1000, 22);
        anchor = followed.anchor;
        assert.deepEqual(followed.window, rowWindow(s, VIEW, 1000, 22), `at ${s}`);
        assert.equal(followed.rebaseTo, undefined);
      }
    });

    it("moves the scroll bar under the view when it drifts too far from the fraction; the view does not move", () => {
      const start = followScroll(undefined, scrollRange / 2, VIEW, ROWS, 22);
      // The view moves 1 px a scroll px, the fraction range / scrollRange px: the drift grows by their difference.
      const steps = Math.ceil(MAX_DRIFT_PX / (range / scrollRange - 1) / 100) + 1;
      let last = start;
      for (let i = 0; i < steps && last.rebaseTo === undefined; i++) {
        const before = last;
        last = followScroll(last.anchor, last.anchor.scrollTop + 100, VIEW, ROWS, 22);
        assert.equal(last.window.top - before.window.top, 100, `step ${i}: followed`);
      }
      assert.notEqual(last.rebaseTo, undefined, "re-based");
      const fraction = rowWindow(last.rebaseTo!, VIEW, ROWS, 22).top;
      assert.ok(Math.abs(fraction - last.window.top) < range / scrollRange, "the scroll bar is where the view's fraction is");
      // The scroll event of the re-base: nothing moves.
      const after = followScroll(last.anchor, last.rebaseTo!, VIEW, ROWS, 22);
      assert.equal(after.window.top, last.window.top);
      assert.equal(after.rebaseTo, undefined);
    });

    it("reaches the last and the first row by small scrolls alone, from anywhere (re-bases at the ends of the scroll bar)", () => {
      const nearEnd = followScroll(undefined, scrollRange - 3000, VIEW, ROWS, 22);
      const down = scrollBy(nearEnd.anchor, 100, 2000);
      assert.equal(down.last.window.end, ROWS);
      assert.equal(down.last.window.top, range);
      assert.ok(down.rebases > 0);
      const nearTop = followScroll(undefined, 3000, VIEW, ROWS, 22);
      const up = scrollBy(nearTop.anchor, -100, 2000);
      assert.equal(up.last.window.first, 0);
      assert.equal(up.last.window.top, 0);
    });
  });
});
