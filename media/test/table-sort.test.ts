import { strict as assert } from "node:assert";
import { nextSort, sortedOrder, sortWindow } from "../src/table/sort";

describe("table preview: sorting the loaded rows", () => {
  const rows = [
    [3, "b", null],
    [null, "a10", true],
    [1, "a9", false],
    [3, null, true],
    [-2.5, "A1", null],
  ];

  it("orders numbers numerically and text naturally, keeps equal cells in file order, puts nulls last both ways", () => {
    assert.deepEqual(sortedOrder(rows, { column: 0, direction: "ascending" }), [4, 2, 0, 3, 1]);
    assert.deepEqual(sortedOrder(rows, { column: 0, direction: "descending" }), [0, 3, 2, 4, 1]);
    assert.deepEqual(sortedOrder(rows, { column: 1, direction: "ascending" }), [4, 2, 1, 0, 3]);
    assert.deepEqual(sortedOrder(rows, { column: 2, direction: "descending" }), [1, 3, 2, 0, 4]);
  });

  it("cycles a column head's clicks through ascending, descending and the file's order", () => {
    const a = nextSort(undefined, 2);
    assert.deepEqual(a, { column: 2, direction: "ascending" });
    const d = nextSort(a, 2);
    assert.deepEqual(d, { column: 2, direction: "descending" });
    assert.equal(nextSort(d, 2), undefined);
    assert.deepEqual(nextSort(d, 0), { column: 0, direction: "ascending" });
  });

  it("takes a small table whole, and from a big one the rows from the page in view (the last ones at its end)", () => {
    assert.deepEqual(sortWindow(40, 1500, 100, 2000), { start: 0, end: 1500 });
    assert.deepEqual(sortWindow(12_345, 1_000_000, 100, 2000), { start: 12_300, end: 14_300 });
    assert.deepEqual(sortWindow(999_990, 1_000_050, 100, 2000), { start: 998_100, end: 1_000_050 });
  });
});
