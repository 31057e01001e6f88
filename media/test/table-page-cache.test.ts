import { strict as assert } from "node:assert";
import type { TableSlice } from "../../shared/table-protocol";
import { PageCache } from "../src/table/page-cache";

/** A fetch whose answers the test gives by hand; it records what was asked and what was aborted. */
function manualSource() {
  const asked: number[] = [];
  const aborted: number[] = [];
  const pending = new Map<number, { resolve(s: TableSlice): void; reject(e: Error): void }>();
  return {
    asked,
    aborted,
    fetch: (offset: number, _rows: number, signal: AbortSignal) =>
      new Promise<TableSlice>((resolve, reject) => {
        asked.push(offset);
        pending.set(offset, { resolve, reject });
        signal.addEventListener("abort", () => aborted.push(offset));
      }),
    answer(offset: number) {
      pending.get(offset)!.resolve({ columns: [{ name: "i", type: "Int64" }], totalRows: 1000, offset, rows: [[offset]] });
    },
    fail(offset: number) {
      pending.get(offset)!.reject(new Error("Cannot read x.parquet as parquet"));
    },
  };
}

const settled = () => new Promise((r) => setImmediate(r));

describe("table preview: page cache", () => {
  it("fetches the pages wanted nearest first, a few at once, each once however often asked", async () => {
    const source = manualSource();
    const loaded: number[] = [];
    const cache = new PageCache({ pageSize: 100, capacity: 4, maxInFlight: 2, fetch: source.fetch, onLoaded: (p) => loaded.push(p), onError: () => undefined });
    cache.want([3, 4, 2]);
    cache.want([3, 4, 2]);
    assert.deepEqual(source.asked, [300, 400]);
    source.answer(300);
    await settled();
    assert.deepEqual(source.asked, [300, 400, 200]);
    assert.deepEqual(cache.rows(3), [[300]]);
    cache.want([3]);
    assert.deepEqual(source.asked, [300, 400, 200], "a page here is not fetched again");
    assert.deepEqual(loaded, [3]);
  });

  it("aborts the fetches the view no longer wants and drops their answers; forgets the queued ones", async () => {
    const source = manualSource();
    const loaded: number[] = [];
    const cache = new PageCache({ pageSize: 100, capacity: 8, maxInFlight: 1, fetch: source.fetch, onLoaded: (p) => loaded.push(p), onError: () => undefined });
    cache.want([0, 1]);
    cache.want([9]);
    assert.deepEqual(source.aborted, [0]);
    assert.deepEqual(source.asked, [0, 900], "page 1 was queued, then no longer wanted");
    source.answer(0);
    source.answer(900);
    await settled();
    assert.deepEqual(loaded, [9]);
    assert.equal(cache.rows(0), undefined);
  });

  it("keeps the most recently used pages up to its capacity", async () => {
    const source = manualSource();
    const cache = new PageCache({ pageSize: 100, capacity: 2, maxInFlight: 3, fetch: source.fetch, onLoaded: () => undefined, onError: () => undefined });
    cache.want([0, 1, 2]);
    for (const o of [0, 100, 200]) source.answer(o);
    await settled();
    assert.equal(cache.rows(0), undefined);
    assert.deepEqual([cache.rows(1), cache.rows(2)], [[[100]], [[200]]]);
  });

  it("reports a page it cannot fetch once, does not ask again until retry()", async () => {
    const source = manualSource();
    const errors: string[] = [];
    const cache = new PageCache({ pageSize: 100, capacity: 2, maxInFlight: 2, fetch: source.fetch, onLoaded: () => undefined, onError: (_p, m) => errors.push(m) });
    cache.want([0]);
    source.fail(0);
    await settled();
    cache.want([0]);
    assert.deepEqual(errors, ["Cannot read x.parquet as parquet"]);
    assert.deepEqual(source.asked, [0]);
    cache.retry();
    cache.want([0]);
    assert.deepEqual(source.asked, [0, 0]);
  });
});
