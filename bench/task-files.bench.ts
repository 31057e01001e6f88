// What recording a task's outputs and inputs costs (issue 12; the run cache of issue 13 reads them): the
// storage task code sees (recorded-storage.ts: size and SHA-256 of each file as it passes) against the same
// storage unrecorded, both inside a task attempt's scope, measured back to back in each round: touch+open
// of small files, and dataManager write+read of a 1,000,000-row frame as parquet and csv.

import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runInScope, type RunScope } from "../runtime/src/exec/scope";
import { DataManager } from "../runtime/src/files/data/data-manager";
import { loadPolars } from "../runtime/src/files/data/polars";
import { recordedStorage } from "../runtime/src/files/recorded-storage";
import type { Storage } from "../runtime/src/files/storages/base";
import { LocalStorage } from "../runtime/src/files/storages/local";
import { AttemptFiles } from "../runtime/src/files/task-files";
import { median, report } from "./lib/measure";
import { loadAverage } from "./lib/start-timing";

const ROUNDS = 7;
const FILES = 300;
const ROWS = 1_000_000;

/** Median of per-round ratios subject/floor, the two timed back to back (after one unmeasured round each). */
async function pairedRatio(floor: () => Promise<unknown>, subject: () => Promise<unknown>): Promise<number> {
  await floor();
  await subject();
  const ratios: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    await floor();
    const f = performance.now() - t;
    t = performance.now();
    await subject();
    ratios.push((performance.now() - t) / f);
  }
  return median(ratios);
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "gluepy-bench-task-files-"));
  console.log(`task-files: ${loadAverage()} (before), ${os.cpus().length} CPUs`);
  try {
    const storage = new LocalStorage(dir);
    const recorded = recordedStorage(storage);
    const scope: RunScope = { runId: "b", runFolder: "runs/b", context: {}, storage, emit: () => undefined };
    // A fresh record per round, as each attempt gets one.
    const inAttempt = (fn: () => Promise<void>) => runInScope(scope, fn, undefined, undefined, new AttemptFiles(scope.runFolder));
    const payload = Buffer.alloc(1024, 7);
    const small = (s: Storage) => () =>
      inAttempt(async () => {
        for (let i = 0; i < FILES; i++) await s.touch(`runs/b/f/${i}.txt`, payload);
        for (let i = 0; i < FILES; i++) await s.open(`runs/b/f/${i}.txt`);
      });
    const files = await pairedRatio(small(storage), small(recorded));

    const pl = await loadPolars();
    const df = pl.DataFrame({
      id: Array.from({ length: ROWS }, (_, i) => i),
      value: Array.from({ length: ROWS }, (_, i) => Math.sin(i)),
      label: Array.from({ length: ROWS }, (_, i) => `label-${i % 1000}`),
    });
    const frames = async (format: string) => {
      const roundTrip = (dm: DataManager) => () =>
        inAttempt(async () => {
          await dm.write(`frame.${format}`, df);
          await dm.read(`frame.${format}`);
        });
      const ratio = await pairedRatio(roundTrip(new DataManager(storage)), roundTrip(new DataManager(recorded)));
      const mb = (await fs.stat(path.join(dir, "runs/b", `frame.${format}`))).size / 1e6;
      return { ratio, mb };
    };
    const parquet = await frames("parquet");
    const csv = await frames("csv");

    report("task-files", [
      { name: `touch+open of ${FILES} 1 KiB files, recorded vs not`, value: files, unit: "x" },
      { name: `dataManager write+read of a ${ROWS}-row parquet (${parquet.mb.toFixed(1)} MB), recorded vs not`, value: parquet.ratio, unit: "x" },
      { name: `dataManager write+read of a ${ROWS}-row csv (${csv.mb.toFixed(1)} MB), recorded vs not`, value: csv.ratio, unit: "x" },
    ]);
    console.log(`task-files: ${loadAverage()} (after)`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

void main();
