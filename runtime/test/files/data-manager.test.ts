import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runInScope, type RunScope } from "../../src/exec/scope";
import { DataManager } from "../../src/files/data/data-manager";
import { loadPolars } from "../../src/files/data/polars";
import { StoragePathError, type Storage } from "../../src/files/storages/base";
import { LocalStorage } from "../../src/files/storages/local";
import { MemoryStorage } from "../../src/files/storages/memory";

const RUN_FOLDER = "runs/2026/11/25/data-run";

function inRun<T>(storage: Storage, fn: () => Promise<T>): Promise<T> {
  const scope: RunScope = { runId: "data-run", runFolder: RUN_FOLDER, context: {}, storage, emit: () => undefined };
  return runInScope(scope, fn);
}

const backends: [string, () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>][] = [
  [
    "local",
    async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), "gluepy-data-"));
      return { storage: new LocalStorage(dir), cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
    },
  ],
  ["memory", async () => ({ storage: new MemoryStorage(), cleanup: async () => undefined })],
];

for (const [name, make] of backends) {
  describe(`dataManager on ${name} storage`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    let data: DataManager;
    beforeEach(async () => {
      ({ storage, cleanup } = await make());
      data = new DataManager(storage);
    });
    afterEach(() => cleanup());

    for (const file of ["sales.csv", "sales.parquet", "sales.json", "sales.jsonl"]) {
      it(`round-trips a data frame through ${path.extname(file)}`, async () => {
        const df = await data.frame({ store: ["a", "b", "c"], units: [3, 5, 8], price: [1.5, 2.25, 3] });
        await inRun(storage, () => data.write(file, df));
        const back = await inRun(storage, () => data.read(file));
        assert.deepEqual(back.columns, ["store", "units", "price"]);
        assert.deepEqual(back.getColumn("store").toArray(), ["a", "b", "c"]);
        assert.deepEqual(back.getColumn("units").toArray().map(Number), [3, 5, 8]);
        assert.deepEqual(back.getColumn("price").toArray(), [1.5, 2.25, 3]);
      });
    }

    it("writes run-folder relative by default and storage-root relative with { root: true }", async () => {
      const df = await data.frame({ x: [1, 2] });
      await inRun(storage, () => data.write("out/x.csv", df));
      await inRun(storage, () => data.write("shared/x.csv", df, { root: true }));
      assert.equal(await storage.isfile(`${RUN_FOLDER}/out/x.csv`), true);
      assert.equal(await storage.isfile("shared/x.csv"), true);
      assert.equal(await storage.exists("out/x.csv"), false);
      const fromRoot = await inRun(storage, () => data.read("shared/x.csv", { root: true }));
      assert.deepEqual(fromRoot.getColumn("x").toArray().map(Number), [1, 2]);
    });

    it("reads a CSV written by something else, with dates parsed", async () => {
      await storage.touch("raw/sales.csv", "date,units\n2026-01-01,4\n2026-01-02,6\n");
      const df = await inRun(storage, () => data.read("raw/sales.csv", { root: true }));
      assert.equal(df.height, 2);
      assert.match(String(df.getColumn("date").dtype), /\bDate\b/);
    });

    it("refuses paths that escape the run folder or the storage root", async () => {
      await assert.rejects(inRun(storage, () => data.read("../../etc/passwd.csv")), StoragePathError);
      await assert.rejects(inRun(storage, () => data.read("../../etc/passwd", { format: "csv" })), StoragePathError);
      await assert.rejects(inRun(storage, () => data.read("../../../../../etc/passwd.csv", { root: true })), StoragePathError);
      const df = await data.frame({ x: [1] });
      await assert.rejects(inRun(storage, () => data.write("/etc/evil.csv", df, { root: true })), StoragePathError);
    });

    it("names the file when the format cannot be told, and honours { format }", async () => {
      const df = await data.frame({ x: [1] });
      await assert.rejects(inRun(storage, () => data.write("out.xlsx", df)), /'out\.xlsx'.*\.csv, \.parquet/);
      await inRun(storage, () => data.write("out.data", df, { format: "parquet" }));
      const back = await inRun(storage, () => data.read("out.data", { format: "parquet" }));
      assert.deepEqual(back.getColumn("x").toArray().map(Number), [1]);
    });

    it("rejects reading a missing file with a not-found error naming it", async () => {
      await assert.rejects(inRun(storage, () => data.read("missing.csv")), (e: unknown) => (e as NodeJS.ErrnoException).code === "ENOENT" && /missing\.csv/.test((e as Error).message));
    });
  });
}

describe("polars loading", () => {
  it("loads one polars module and reuses it", async () => {
    assert.equal(await loadPolars(), await loadPolars());
  });
});
