// The table preview of a run's output on S3 storage, below VS Code: a real run on s3rver writes a parquet
// file to the bucket; the file is found as the graph panel finds it (the runs listing, the run's record,
// recorded-files.ts) and its pages are answered as the preview panel answers them (table-preview-source.ts
// running the real `gluepy preview --json`), so the rows come from the bucket, not from this disk.

import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { recordedFile, type RecordedFile } from "../src/recorded-files";
import { listProjectRuns, readRunEvents, recordDirOf } from "../src/run-folders";
import { cliInvocation, runToEnd } from "../src/run-process";
import { PreviewRowsSource, type RunCli } from "../src/table-preview-source";
import { reduceRunEvents } from "../../shared/run-state";
import type { RunListing, RunSummary } from "../../shared/run-summary";
import type { ExtensionToTable } from "../../shared/table-protocol";
import { startS3Server, type S3TestServer } from "../../runtime/test/scaleout/s3-server";

const CLI = join(__dirname, "..", "..", "dist", "runtime", "cli.js");
const ROWS = 250;

function projectFiles(s3: ReturnType<S3TestServer["options"]>): Record<string, string> {
  return {
    "package.json": JSON.stringify({ name: "s3-preview", private: true }),
    "gluepy.config.ts": `export default { storage: { backend: "s3", s3: { bucket: "${s3.bucket}", prefix: "team", endpoint: "${s3.endpoint}", forcePathStyle: true } } };\n`,
    "configs/default.yaml": "scores:\n  n: 1\n",
    "src/dags.ts": `import { DAG, Task, dataManager } from "gluepy";
export class Write extends Task {
  static label = "write";
  async run() {
    const id = Array.from({ length: ${ROWS} }, (_, i) => i);
    await dataManager.write("scores.parquet", await dataManager.frame({ id, score: id.map((i) => i / 4), name: id.map((i) => "row-" + i) }));
  }
}
export class Scores extends DAG {
  static label = "scores";
  static tasks = [Write];
}
`,
  };
}

describe("table preview of a run's output on S3 storage (s3rver), through the real CLI", function () {
  this.timeout(120_000);
  let s3: S3TestServer;
  let dir: string;
  let listing: RunListing;
  let run: RunSummary;
  let output: RecordedFile;
  const cli: RunCli = (args, signal) => runToEnd(cliInvocation(CLI, args, process.execPath), dir, signal);
  const savedEnv = { AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY };

  before(async () => {
    assert.ok(existsSync(CLI), "dist/runtime/cli.js is missing: run npm run build");
    s3 = await startS3Server("gluepy-s3-preview");
    const options = s3.options();
    // As VS Code's environment would carry them: the CLI the extension runs inherits it.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: options.accessKeyId, AWS_SECRET_ACCESS_KEY: options.secretAccessKey });
    dir = mkdtempSync(join(tmpdir(), "gluepy-s3-preview-"));
    for (const [file, text] of Object.entries(projectFiles(options))) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const ran = await cli(["--project", dir, "dag", "scores"], new AbortController().signal);
    assert.equal(ran.code, 0, ran.stderr);
    const runs = await listProjectRuns(CLI, dir, process.execPath);
    assert.ok("listing" in runs, "error" in runs ? runs.error : "");
    listing = runs.listing;
    assert.equal(listing.backend, "s3");
    run = listing.runs[0]!;
    const state = reduceRunEvents((await readRunEvents(recordDirOf(listing, run)))!);
    const wrote = state?.tasks.write?.outputs?.[0];
    assert.ok(wrote, "the run recorded the file its task wrote");
    output = recordedFile(listing.storageRoot, run.runFolder, wrote)!;
  });
  after(async () => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await s3?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the first page of the object in the bucket: its schema, row count and rows (nothing of it on this disk)", async () => {
    assert.equal(output.fromRoot, `${run.runFolder}/scores.parquet`);
    assert.equal(existsSync(output.onDisk), false, "only the run's records are on this disk; the data is in the bucket");
    const source = new PreviewRowsSource(dir, output.fromRoot, cli);
    const answer = await source.answer({ type: "fetch-rows", id: 1, offset: 0, rows: 100 });
    assert.ok(answer?.type === "rows", JSON.stringify(answer));
    const { slice } = answer;
    assert.deepEqual(slice.columns, [
      { name: "id", type: "Float64" },
      { name: "score", type: "Float64" },
      { name: "name", type: "String" },
    ]);
    assert.equal(slice.totalRows, ROWS);
    assert.equal(slice.rows.length, 100);
    assert.deepEqual([slice.rows[0], slice.rows[99]], [[0, 0, "row-0"], [99, 24.75, "row-99"]]);
  });

  it("a later page as the user scrolls: the rows from its offset to the end", async () => {
    const answer = await new PreviewRowsSource(dir, output.fromRoot, cli).answer({ type: "fetch-rows", id: 2, offset: 200, rows: 100 });
    assert.ok(answer?.type === "rows", JSON.stringify(answer));
    assert.deepEqual([answer.slice.offset, answer.slice.rows.length, answer.slice.rows[0]], [200, 50, [200, 50, "row-200"]]);
  });

  it("refuses a file outside the storage root: a recorded path that climbs out, and a path given to the preview", async () => {
    // The run folder is 5 levels below the root (runs/YYYY/MM/DD/<id>): 6 climb out of it.
    assert.equal(recordedFile(listing.storageRoot, run.runFolder, { path: "../../../../../../etc/passwd" }), undefined);
    assert.equal(recordedFile(listing.storageRoot, run.runFolder, { path: "../gluepy.config.ts", root: true }), undefined);
    assert.equal(recordedFile(listing.storageRoot, run.runFolder, { path: "../../../../../raw/x.csv" })?.fromRoot, "raw/x.csv", "5 stay inside");
    for (const file of ["../gluepy.config.ts", "/etc/hostname"]) {
      const answer: ExtensionToTable | undefined = await new PreviewRowsSource(dir, file, cli).answer({ type: "fetch-rows", id: 3, offset: 0, rows: 10 });
      assert.equal(answer?.type, "rows-error", JSON.stringify(answer));
      assert.match(answer.type === "rows-error" ? answer.message : "", /escapes the storage root/);
    }
  });
});
