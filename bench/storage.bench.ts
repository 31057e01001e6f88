// What the storage layer costs over the disk and polars it wraps: LocalStorage (root-escape and symlink
// checks, atomic writes) against plain fs calls, and dataManager against polars reading the same bytes.

import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runInScope, type RunScope } from "../runtime/src/exec/scope";
import { DataManager } from "../runtime/src/files/data/data-manager";
import { loadPolars } from "../runtime/src/files/data/polars";
import { LocalStorage } from "../runtime/src/files/storages/local";
import { median, report, timeMs } from "./lib/measure";

const FILES = 300;
const ROUNDS = 9;

/** Median of per-round ratios, floor and subject timed back to back, so load on the machine cancels. */
async function pairedRatio(floor: () => Promise<unknown>, subject: () => Promise<unknown>): Promise<{ ratio: number; subjectMs: number }> {
  const ratios: number[] = [];
  const subjectTimes: number[] = [];
  await floor();
  await subject();
  for (let i = 0; i < ROUNDS; i++) {
    const [f, s] = [await timeMs(floor, 1, 0), await timeMs(subject, 1, 0)];
    ratios.push(s / f);
    subjectTimes.push(s);
  }
  return { ratio: median(ratios), subjectMs: median(subjectTimes) };
}
const ROWS = 200_000;

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "gluepy-bench-storage-"));
  try {
    const storage = new LocalStorage(path.join(dir, "root"));
    const raw = path.join(dir, "raw");
    await fs.mkdir(path.join(raw, "f"), { recursive: true });
    const payload = "x".repeat(1024);

    const files = await pairedRatio(
      async () => {
        for (let i = 0; i < FILES; i++) await fs.writeFile(path.join(raw, "f", `${i}.txt`), payload);
        for (let i = 0; i < FILES; i++) await fs.readFile(path.join(raw, "f", `${i}.txt`));
      },
      async () => {
        for (let i = 0; i < FILES; i++) await storage.touch(`f/${i}.txt`, payload);
        for (let i = 0; i < FILES; i++) await storage.open(`f/${i}.txt`);
      },
    );

    const pl = await loadPolars();
    const df = pl.DataFrame({ id: Array.from({ length: ROWS }, (_, i) => i), value: Array.from({ length: ROWS }, (_, i) => Math.sin(i)) });
    const scope: RunScope = { runId: "b", runFolder: "runs/b", context: {}, storage, emit: () => undefined };
    const data = new DataManager(storage);
    await runInScope(scope, () => data.write("frame.parquet", df));
    const file = storage.abspath("runs/b/frame.parquet");
    const parquet = await pairedRatio(
      async () => pl.readParquet(await fs.readFile(file)),
      () => runInScope(scope, () => data.read("frame.parquet")),
    );

    report("storage", [
      { name: `local storage touch+open of ${FILES} 1 KiB files vs plain fs`, value: files.ratio, unit: "x" },
      { name: "local storage per file (touch+open)", value: (files.subjectMs / FILES) * 1000, unit: "µs" },
      { name: `dataManager.read of a ${ROWS}-row parquet vs polars on the same bytes`, value: parquet.ratio, unit: "x" },
    ]);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

void main();
