import { strict as assert } from "node:assert";
import { MAX_PAGE_ROWS, parsePreviewOutput, validateTableMessage } from "../../shared/table-protocol";

describe("table preview protocol", () => {
  it("keeps a page's well-formed messages, copied to their known fields", () => {
    assert.deepEqual(validateTableMessage({ type: "fetch-rows", id: 3, offset: 999_900, rows: 100, extra: "x" }), { type: "fetch-rows", id: 3, offset: 999_900, rows: 100 });
    assert.deepEqual(validateTableMessage({ type: "cancel", id: 3 }), { type: "cancel", id: 3 });
    assert.deepEqual(validateTableMessage({ type: "ready" }), { type: "ready" });
  });

  it("refuses what the extension must not act on: unknown types, negative or fractional offsets, whole-file pages", () => {
    for (const m of [
      null,
      { type: "open-file", path: "/etc/passwd" },
      { type: "fetch-rows", id: 1, offset: -1, rows: 10 },
      { type: "fetch-rows", id: 1, offset: 1.5, rows: 10 },
      { type: "fetch-rows", id: 1, offset: 0, rows: MAX_PAGE_ROWS + 1 },
      { type: "fetch-rows", id: 1, offset: 0, rows: 0 },
      { type: "fetch-rows", id: "1", offset: 0, rows: 10 },
    ])
      assert.equal(validateTableMessage(m), undefined, JSON.stringify(m));
  });

  it("reads `gluepy preview --json`'s line, and nothing that is not a slice", () => {
    const line = JSON.stringify({ file: "runs/x/p.parquet", format: "parquet", columns: [{ name: "a", type: "Int64" }], totalRows: 5, offset: 2, rows: [[1], [null]] });
    assert.deepEqual(parsePreviewOutput(`warning\n${line}\n`), { columns: [{ name: "a", type: "Int64" }], totalRows: 5, offset: 2, rows: [[1], [null]] });
    assert.equal(parsePreviewOutput("not json"), undefined);
    assert.equal(parsePreviewOutput(JSON.stringify({ columns: [{ name: 1 }], totalRows: 1, offset: 0, rows: [] })), undefined);
    assert.equal(parsePreviewOutput(JSON.stringify({ columns: [], totalRows: "1", offset: 0, rows: [] })), undefined);
  });
});
