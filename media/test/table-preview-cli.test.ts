// The table preview of a run's output, end to end below VS Code: the example project is run by the real
// CLI, and the predictions.parquet it wrote is shown by the bundled page in headless Chromium, its pages
// answered as the panel answers them (client/src/table-preview-source.ts running `gluepy preview`).

import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cliInvocation, runToEnd } from "../../client/src/run-process";
import { PreviewRowsSource } from "../../client/src/table-preview-source";
import { parseRunEvent } from "../../shared/events";
import { copyExample, type ProjectCopy } from "../../test/e2e/support/project";
import { TablePage } from "./table-page";

const REPO = join(__dirname, "..", "..");
const CLI = join(REPO, "dist", "runtime", "cli.js");

describe("table preview of a run's parquet output, through the real CLI (headless Chromium)", function () {
  this.timeout(120_000);
  let project: ProjectCopy;
  let page: TablePage;
  let source: PreviewRowsSource;
  /** The output as the run recorded it: from the storage root. */
  let predictions: string;

  before(async () => {
    assert.ok(existsSync(CLI), "dist/runtime/cli.js is missing: run npm run build");
    project = copyExample();
    const cli = (args: string[], signal?: AbortSignal) => runToEnd(cliInvocation(CLI, args, process.execPath), project.dir, signal);
    const run = await cli(["--project", project.dir, "dag", "training", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const events = run.stdout.split("\n").map(parseRunEvent);
    const runFolder = events.find((e) => e?.event === "run-start")!.runFolder;
    const wrote = events.flatMap((e) => (e?.event === "task-end" ? (e.outputs ?? []) : [])).find((f) => f.path === "predictions.parquet");
    assert.ok(wrote, "the run recorded predictions.parquet among its outputs");
    predictions = `${runFolder.split("/data/").pop()}/predictions.parquet`;
    source = new PreviewRowsSource(project.dir, predictions, (args, signal) => cli(args, signal));
    page = await TablePage.open({ answer: (m) => source.answer(m), title: "predictions.parquet" });
  });
  after(async () => {
    source?.dispose();
    await page?.close();
    project?.remove();
  });

  it("shows the file's schema, row count and first rows, as `gluepy preview` reads them", async () => {
    await page.page.waitForFunction(() => / rows × \d+ columns/.test(document.getElementById("status")!.textContent!), undefined, { timeout: 60_000 });
    const cli = await runToEnd(cliInvocation(CLI, ["--project", project.dir, "preview", predictions, "--rows", "3", "--json"], process.execPath), project.dir);
    const expected = JSON.parse(cli.stdout) as { columns: { name: string; type: string }[]; totalRows: number; rows: unknown[][] };
    assert.match(await page.status(), new RegExp(`^${expected.totalRows.toLocaleString("en-US")} rows × ${expected.columns.length} columns`));
    const heads = await page.page.$$eval(".column-head:not([hidden])", (hs) => hs.map((h) => [h.querySelector(".name")!.textContent, h.querySelector(".type")!.textContent]));
    assert.deepEqual(heads, expected.columns.map((c) => [c.name, c.type]).slice(0, heads.length));
    for (let c = 0; c < heads.length; c++) assert.equal(await page.cellText(2, c), expected.rows[2]![c] === null ? "null" : String(expected.rows[2]![c]));
    await page.page.screenshot({ path: join(REPO, "test-results", "media", "table-preview-predictions.png") });
    assert.deepEqual(page.errors, []);
  });

  it("says why when the file cannot be previewed (a path outside the storage root), with the CLI's words", async () => {
    const outside = new PreviewRowsSource(project.dir, "/etc/hostname", (args, signal) => runToEnd(cliInvocation(CLI, args, process.execPath), project.dir, signal));
    const answer = await outside.answer({ type: "fetch-rows", id: 7, offset: 0, rows: 10 });
    assert.deepEqual(answer, { type: "rows-error", id: 7, message: "Path '/etc/hostname' escapes the storage root; use a path inside it." });
  });
});
