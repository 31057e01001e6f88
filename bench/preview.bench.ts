// `gluepy preview` of the first 100 rows of a 1,000,000-row parquet file (issue 12): the whole CLI process
// against its floor, a Node process that reads the same rows with polars directly (scan, slice, collect),
// measured in the same interleaved rounds (limit 2×); and its peak memory for that file against a
// 100,000-row file of the same columns (limit 1.15×: memory must not grow with the file's length). Extra
// rows: the last 100 rows, and the in-process cost of readFrameSlice over polars alone.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readFrameSlice } from "../runtime/src/files/data/frame-slice";
import { loadPolars } from "../runtime/src/files/data/polars";
import { median, report, timeMs } from "./lib/measure";
import { loadAverage, timeOnce, type Timing } from "./lib/start-timing";

const REPO = resolve(__dirname, "..");
const CLI = join(REPO, "dist/runtime/cli.js");
const RUNS = 9;

async function writeFrames(dir: string): Promise<void> {
  const pl = await loadPolars();
  for (const [name, n] of [["m1", 1_000_000], ["k100", 100_000]] as const) {
    const ids = Array.from({ length: n }, (_, i) => i);
    pl.DataFrame({
      id: ids,
      value: ids.map((i) => Math.sin(i)),
      label: ids.map((i) => `label-${i % 997}`),
      text: ids.map((i) => `row ${i} of a frame with a column of longer text`),
    }).writeParquet(join(dir, `${name}.parquet`));
  }
}

/** Medians over interleaved rounds (one unmeasured round first): each command once per round. */
function interleaved(commands: string[][]): Timing[] {
  const all = commands.map(() => [] as Timing[]);
  for (let i = 0; i <= RUNS; i++) {
    const round = commands.map((args) => timeOnce(args));
    if (i > 0) round.forEach((t, k) => all[k]!.push(t));
  }
  return all.map((ts) => ({ ms: median(ts.map((t) => t.ms)), cpuMs: median(ts.map((t) => t.cpuMs)), rssMb: median(ts.map((t) => t.rssMb)) }));
}

async function main() {
  // The CLI as it is now (dist/ may be older than the source).
  if (spawnSync(process.execPath, ["esbuild.config.mjs"], { cwd: REPO, stdio: "inherit" }).status !== 0) throw new Error("esbuild.config.mjs failed");
  const project = mkdtempSync(join(tmpdir(), "gluepy-bench-preview-"));
  console.log(`preview: ${loadAverage()} (before), node ${process.version}`);
  try {
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "bench-preview", private: true }));
    writeFileSync(join(project, "gluepy.config.ts"), "export default {};\n");
    const data = join(project, "data", "frames");
    mkdirSync(data, { recursive: true });
    await writeFrames(data);
    const polars = require.resolve("nodejs-polars");
    const direct = (file: string, offset: number) => [
      "-e",
      `const pl = require(${JSON.stringify(polars)}); pl.scanParquet(${JSON.stringify(file)}).slice(${offset}, 100).collectSync().toRecords();`,
    ];
    const preview = (name: string, offset: number) => [CLI, "--project", project, "preview", `frames/${name}.parquet`, "--rows", "100", "--offset", String(offset), "--json"];
    const [first, floor, last, lastFloor, small] = interleaved([
      preview("m1", 0),
      direct(join(data, "m1.parquet"), 0),
      preview("m1", 999_900),
      direct(join(data, "m1.parquet"), 999_900),
      preview("k100", 0),
    ]);

    // In one process: readFrameSlice (rows as JSON values, schema) over polars doing the same reads (the
    // rows, and the row count from the footer).
    const pl = await loadPolars();
    const file = join(data, "m1.parquet");
    const libFloor = await timeMs(() => {
      const scan = pl.scanParquet(file);
      scan.slice(0, 100).collectSync().toRecords();
      scan.select(pl.len()).collectSync();
    }, 15, 3);
    const lib = await timeMs(() => readFrameSlice(pl, file, "parquet", { offset: 0, rows: 100 }), 15, 3);

    report("preview", [
      { name: "gluepy preview, first 100 rows of a 1,000,000-row parquet vs a node process reading them with polars (wall)", value: first.ms / floor.ms, unit: "x", limit: 2 },
      { name: "the same, CPU time (user+sys)", value: first.cpuMs / floor.cpuMs, unit: "x", limit: 2 },
      { name: "gluepy preview, last 100 rows vs polars reading them (wall)", value: last.ms / lastFloor.ms, unit: "x", limit: 2 },
      { name: "gluepy preview wall, first 100 rows of 1M", value: first.ms, unit: "ms" },
      { name: "polars floor process wall, first 100 rows of 1M", value: floor.ms, unit: "ms" },
      { name: "peak RSS of preview, 1,000,000-row file vs 100,000-row file", value: first.rssMb / small.rssMb, unit: "x", limit: 1.15 },
      { name: "peak RSS of preview, 1,000,000 rows", value: first.rssMb, unit: "MB" },
      { name: "peak RSS of preview, 100,000 rows", value: small.rssMb, unit: "MB" },
      { name: "peak RSS of the polars floor process, 1,000,000 rows", value: floor.rssMb, unit: "MB" },
      { name: "readFrameSlice in-process vs polars reading the same rows and row count", value: lib / libFloor, unit: "x" },
      { name: "readFrameSlice in-process, first 100 rows of 1M", value: lib, unit: "ms" },
    ]);
    console.log(`preview: ${loadAverage()} (after)`);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

void main();
