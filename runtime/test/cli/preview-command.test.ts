// `gluepy preview` through the built CLI: a data file's schema, row count and rows for csv, parquet, json
// and jsonl, in the project's storage (local, and S3 on s3rver); a 1,000,000-row parquet read no further
// than the rows asked for (peak memory compared with a 100,000-row file); malformed files, missing files
// and paths outside the storage root are exit 2 with one line saying what to do.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseRunEvent, type RunStartEvent, type TaskEndEvent } from "../../../shared/events";
import type { RunState } from "../../../shared/run-state";
import { loadPolars } from "../../src/files/data/polars";
import { S3Storage } from "../../src/files/storages/s3";
import { startS3Server } from "../scaleout/s3-server";
import { ensureBuilt, TempProject, type CliResult } from "./support/cli";

interface PreviewJson {
  file: string;
  format: string;
  columns: { name: string; type: string }[];
  totalRows: number;
  offset: number;
  rows: unknown[][];
}

const parse = (r: CliResult): PreviewJson => {
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as PreviewJson;
};

/** Refused: exit 2, nothing on stdout, one line on stderr matching `message`. */
function assertRefused(r: CliResult, message: RegExp) {
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, message);
}

const PROJECT = {
  "package.json": JSON.stringify({ name: "preview", private: true }),
  "gluepy.config.ts": "export default {};\n",
  "configs/default.yaml": "preview:\n  n: 1\n",
  "data/raw/sales.csv": "day,store,sales\n2026-01-01,north,10.5\n2026-01-02,south,12\n2026-01-03,north,7.25\n",
  "data/raw/sales.json": JSON.stringify([{ day: 1, store: "north" }, { day: 2, store: "south" }, { day: 3, store: "east" }]),
  "data/raw/sales.jsonl": '{"day":1,"store":"north"}\n{"day":2,"store":"south"}\n',
  "data/raw/broken.parquet": "this is no parquet file",
  "data/raw/notes.txt": "hello",
};

describe("gluepy preview", function () {
  this.timeout(120_000);
  let project: TempProject;
  before(() => ensureBuilt());
  beforeEach(() => (project = new TempProject(PROJECT)));
  afterEach(() => project.cleanup());

  it("prints a csv file's schema, row count and first rows; --rows and --offset pick others", async () => {
    const all = parse(await project.run(["preview", "raw/sales.csv", "--json"]));
    assert.deepEqual(all.columns, [
      { name: "day", type: "Date" },
      { name: "store", type: "String" },
      { name: "sales", type: "Float64" },
    ]);
    assert.equal(all.totalRows, 3);
    assert.deepEqual(all.rows.map((r) => r.slice(1)), [["north", 10.5], ["south", 12], ["north", 7.25]]);
    const some = parse(await project.run(["preview", "raw/sales.csv", "--rows", "1", "--offset", "2", "--json"]));
    assert.deepEqual([some.offset, some.totalRows, some.rows.map((r) => r[2])], [2, 3, [7.25]]);

    const human = await project.run(["preview", "raw/sales.csv", "--rows", "2"]);
    assert.equal(human.code, 0, human.stderr);
    const lines = human.stdout.trimEnd().split("\n");
    assert.equal(lines[0], "raw/sales.csv  csv, 3 rows, 3 columns");
    assert.match(lines[1]!, /^day\s+store\s+sales$/);
    assert.match(lines[2]!, /^Date\s+String\s+Float64$/);
    assert.match(lines[3]!, /north\s+10\.5$/);
    assert.equal(lines.at(-1), "rows 1–2 of 3");
  });

  it("previews json (an array of records) and jsonl, and a path given from the project folder", async () => {
    const json = parse(await project.run(["preview", "raw/sales.json", "--rows", "2", "--json"]));
    assert.deepEqual(json.columns.map((c) => c.name), ["day", "store"]);
    assert.deepEqual([json.totalRows, json.rows], [3, [[1, "north"], [2, "south"]]]);
    // From the project folder (the default storage root is data/ in it), as a shell would complete it.
    const jsonl = parse(await project.run(["preview", "data/raw/sales.jsonl", "--json"], { cwd: project.dir }));
    assert.equal(jsonl.file, "raw/sales.jsonl");
    assert.deepEqual([jsonl.format, jsonl.totalRows, jsonl.rows], ["jsonl", 2, [[1, "north"], [2, "south"]]]);
  });

  it("previews the parquet output a run recorded in state.json", async () => {
    project.write({
      "src/dags.ts": `import { DAG, Task, dataManager } from "gluepy";
export class Write extends Task {
  static label = "write";
  async run() {
    await dataManager.write("scores.parquet", await dataManager.frame({ id: [1, 2, 3], score: [0.5, 0.25, 0.125] }));
  }
}
export class Scores extends DAG {
  static label = "scores";
  static tasks = [Write];
}
`,
    });
    const run = await project.run(["dag", "scores", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const events = run.stdout.split("\n").map(parseRunEvent);
    const start = events.find((e): e is RunStartEvent => e?.event === "run-start")!;
    const end = events.find((e): e is TaskEndEvent => e?.event === "task-end")!;
    const state = JSON.parse(readFileSync(join(project.dir, "data", start.runFolder, ".gluepy", "state.json"), "utf8")) as RunState;
    assert.deepEqual(state.tasks.write!.outputs, end.outputs);
    const output = state.tasks.write!.outputs![0]!;
    const preview = parse(await project.run(["preview", `${start.runFolder}/${output.path}`, "--json"]));
    assert.deepEqual(preview.columns, [
      { name: "id", type: "Float64" },
      { name: "score", type: "Float64" },
    ]);
    assert.deepEqual([preview.totalRows, preview.rows], [3, [[1, 0.5], [2, 0.25], [3, 0.125]]]);
  });

  it("reads a 1,000,000-row parquet file no further than the rows asked for: peak memory as for a 100,000-row file", async () => {
    const pl = await loadPolars();
    const frame = (n: number) => {
      const ids = Array.from({ length: n }, (_, i) => i);
      return pl.DataFrame({
        id: ids,
        value: ids.map((i) => i / 4),
        label: ids.map((i) => `label-${i % 997}-${"x".repeat(i % 13)}`),
        text: ids.map((i) => `row ${i} of a frame long enough that reading all of it shows`),
      });
    };
    mkdirSync(join(project.dir, "data", "big"), { recursive: true });
    frame(1_000_000).writeParquet(join(project.dir, "data", "big", "m1.parquet"));
    frame(100_000).writeParquet(join(project.dir, "data", "big", "k100.parquet"));
    const preload = join(project.dir, "report-maxrss.cjs");
    writeFileSync(preload, 'process.on("exit", () => process.stderr.write(`maxrss-kb ${process.resourceUsage().maxRSS}\\n`));\n');
    // The least peak of three runs: how many of polars' threads allocated (and kept) memory varies from run
    // to run by tens of MB; the least is what reading the rows needs.
    const measured = async (file: string, offset: number) => {
      const runs = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const r = await project.run(["preview", file, "--rows", "100", "--offset", String(offset), "--json"], { env: { NODE_OPTIONS: `--require ${preload}` } });
        runs.push({ preview: parse(r), wallMs: performance.now() - started, maxRssMb: Number(/maxrss-kb (\d+)/.exec(r.stderr)?.[1]) / 1024 });
      }
      return { preview: runs[0]!.preview, wallMs: Math.min(...runs.map((r) => r.wallMs)), maxRssMb: Math.min(...runs.map((r) => r.maxRssMb)) };
    };
    const small = await measured("big/k100.parquet", 0);
    const first = await measured("big/m1.parquet", 0);
    const last = await measured("big/m1.parquet", 999_900);
    assert.equal(first.preview.totalRows, 1_000_000);
    assert.deepEqual(first.preview.rows.map((r) => r[0]), Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual(last.preview.rows.map((r) => r[0]), Array.from({ length: 100 }, (_, i) => 999_900 + i));
    // The whole 1M-row frame decoded is ~80 MB more than the 100k-row one: reading only the asked
    // rows keeps the peak within a few MB of it (noise of the allocator and polars' threads).
    for (const big of [first, last]) assert.ok(big.maxRssMb < small.maxRssMb + 16, `peak ${big.maxRssMb.toFixed(0)} MB vs ${small.maxRssMb.toFixed(0)} MB for 100k rows`);
    console.log(
      `      1M-row parquet, 100 rows: first ${first.wallMs.toFixed(0)} ms / ${first.maxRssMb.toFixed(0)} MB peak, last ${last.wallMs.toFixed(0)} ms / ${last.maxRssMb.toFixed(0)} MB; 100k rows: ${small.wallMs.toFixed(0)} ms / ${small.maxRssMb.toFixed(0)} MB (CLI process, wall incl. start)`,
    );
  });

  it("a malformed file, a missing file, an unknown format and bad numbers are exit 2 with what to do", async () => {
    assertRefused(await project.run(["preview", "raw/broken.parquet"]), /^gluepy: Cannot read raw\/broken\.parquet as parquet: .+ Check that it is a parquet file \(or pass --format\)\.$/m);
    assertRefused(await project.run(["preview", "raw/sales.csv", "--format", "parquet"]), /Cannot read raw\/sales\.csv as parquet/);
    assertRefused(await project.run(["preview", "raw/missing.csv"]), /No file 'raw\/missing\.csv' in the project's storage/);
    assertRefused(await project.run(["preview", "raw/notes.txt"]), /Cannot tell the data format of 'raw\/notes\.txt'.*pass --format/);
    assertRefused(await project.run(["preview", "raw/sales.csv", "--rows", "ten"]), /--rows 'ten': expected a whole number/);
  });

  it("refuses a path outside the storage root: climbing out, absolute, or through a symlink", async () => {
    const outside = join(tmpdir(), `gluepy-preview-outside-${process.pid}.csv`);
    writeFileSync(outside, "secret\n1\n");
    symlinkSync(outside, join(project.dir, "data", "raw", "link.csv"));
    assertRefused(await project.run(["preview", "../configs/default.yaml", "--format", "csv"]), /escapes the storage root/);
    assertRefused(await project.run(["preview", outside]), /escapes the storage root/);
    assertRefused(await project.run(["preview", "raw/link.csv"]), /escapes the storage root/);
  });

  it("reads through S3 storage (s3rver)", async () => {
    const s3 = await startS3Server("gluepy-preview");
    try {
      const { endpoint, bucket, accessKeyId, secretAccessKey } = s3.options();
      project.write({ "gluepy.config.ts": `export default { storage: { backend: "s3", s3: { bucket: "${bucket}", prefix: "team", endpoint: "${endpoint}", forcePathStyle: true } } };\n` });
      const storage = new S3Storage(s3.options("team"));
      const pl = await loadPolars();
      await storage.touch("runs/2026/12/04/x/scores.parquet", pl.DataFrame({ id: [1, 2, 3], name: ["a", "b", "c"] }).writeParquet());
      await storage.touch("raw/broken.parquet", "no parquet here");
      storage.destroy();
      const env = { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
      const preview = parse(await project.run(["preview", "runs/2026/12/04/x/scores.parquet", "--rows", "2", "--json"], { env }));
      assert.deepEqual([preview.totalRows, preview.rows], [3, [[1, "a"], [2, "b"]]]);
      // The local data/ folder is not the storage now: its file is not found in the bucket.
      assertRefused(await project.run(["preview", "raw/sales.csv"], { env }), /No file 'raw\/sales\.csv' in the project's storage \(looked for s3:\/\//);
      assertRefused(await project.run(["preview", "raw/broken.parquet"], { env }), /Cannot read raw\/broken\.parquet as parquet/);
    } finally {
      await s3.stop();
    }
  });
});
