import { strict as assert } from "node:assert";
import { cellText, columnWidth } from "../src/table/grid";
import { columnEdges, columnWindow, MAX_CONTENT_PX, pagesFor, rowWindow, scrollTopForRow } from "../src/table/grid-window";

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
});

