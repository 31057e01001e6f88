// The bundled Experiments page in headless Chromium: what a user sees and what the page asks of the extension.

import { strict as assert } from "node:assert";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ExperimentRun } from "../../shared/experiments-protocol";
import { experimentRuns } from "./experiment-runs";
import { ExperimentsPage } from "./experiments-page";

const ARTEFACTS = join(__dirname, "..", "..", "test-results", "media");

function run(runId: string, minute: number, over: Partial<ExperimentRun["run"]>): ExperimentRun {
  const r: ExperimentRun["run"] = {
    runId,
    runFolder: `runs/2026/01/01/${runId}`,
    dag: "forecast",
    status: "succeeded",
    startedAt: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
    durationMs: 500 + minute * 10,
    tasks: { load: "succeeded", train: "succeeded", test: "succeeded" },
    metrics: {},
    params: {},
    ...over,
  };
  return { key: `/p:${r.runFolder}`, project: "p", run: r };
}

const runs: ExperimentRun[] = [
  run("r3", 30, { metrics: { rmse: 0.31, mae: 2.5 }, params: { "model.lr": 0.01, "model.depth": 6, seed: 7 } }),
  run("r2", 20, { status: "failed", tasks: { load: "succeeded", train: "failed", test: "skipped" }, metrics: { rmse: 0.52 }, params: { "model.lr": 0.1, "model.depth": 4, seed: 7 } }),
  run("r1", 10, { metrics: { rmse: 0.4, mae: 3 }, params: { "model.lr": 0.05, "model.depth": 4, seed: 7 } }),
];

describe("experiments page (headless Chromium)", function () {
  this.timeout(60_000);
  let page: ExperimentsPage;

  before(async () => {
    mkdirSync(ARTEFACTS, { recursive: true });
    page = await ExperimentsPage.open();
    await page.send({ type: "runs", runs, problems: [] });
  });
  after(async () => {
    await page?.close();
  });

  it("lists the runs newest first with status, start, duration, a column per metric and per param that differs", async () => {
    const headers = await page.page.$$eval("#runs thead th[data-column]", (ths) => ths.map((th) => th.textContent));
    assert.deepEqual(headers, ["Status", "Run", "Start", "Duration", "mae", "rmse", "model.depth", "model.lr"], "seed is the same in every run: no column");
    assert.deepEqual(await page.rowIds(), ["r3", "r2", "r1"]);
    const first = await page.page.$$eval("#runs tbody tr[data-key]:nth-child(2) td", (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(first, ["", "succeeded", "forecast · r3", "2026-01-01 10:30:00", "800ms", "2.5", "0.31", "6", "0.01"]);
    assert.equal(await page.page.textContent("#count"), "3 runs");
    assert.deepEqual(page.errors, [], "no console error, no CSP violation");
  });

  it("sorts by a metric when its header is clicked, and the other way on a second click", async () => {
    await page.page.click('th[data-column="metric:rmse"]');
    assert.deepEqual(await page.rowIds(), ["r2", "r1", "r3"]);
    assert.equal(await page.page.getAttribute('th[data-column="metric:rmse"]', "aria-sort"), "descending");
    await page.page.click('th[data-column="metric:rmse"]');
    assert.deepEqual(await page.rowIds(), ["r3", "r1", "r2"]);
    await page.page.click('th[data-column="start"]');
  });

  it("filters by text (param=value) and by status", async () => {
    await page.page.fill("#filter", "model.lr=0.05");
    assert.deepEqual(await page.rowIds(), ["r1"]);
    assert.equal(await page.page.textContent("#count"), "1 of 3 runs");
    await page.page.fill("#filter", "");
    await page.page.check('#status-filter input[value="failed"]');
    assert.deepEqual(await page.rowIds(), ["r2"]);
    await page.page.uncheck('#status-filter input[value="failed"]');
    assert.deepEqual(await page.rowIds(), ["r3", "r2", "r1"]);
  });

  it("picking one run offers to show it in the graph, Retry Failed and Run from its failed task", async () => {
    await page.page.check('tr[data-key="/p:runs/2026/01/01/r2"] input');
    assert.equal(await page.page.isVisible("#picked"), true);
    assert.equal(await page.page.inputValue("#from-task"), "train", "the failed task is offered first");
    await page.page.click("#show-run");
    await page.page.click("#retry-failed");
    await page.page.click("#run-from");
    const posted = (await page.posted()).slice(-3);
    assert.deepEqual(posted, [
      { type: "show-run", key: "/p:runs/2026/01/01/r2" },
      { type: "retry-failed", key: "/p:runs/2026/01/01/r2" },
      { type: "run-from", key: "/p:runs/2026/01/01/r2", task: "train" },
    ]);
    await page.page.uncheck('tr[data-key="/p:runs/2026/01/01/r2"] input');
    assert.equal(await page.page.isVisible("#picked"), false);
  });

  it("picking two runs shows each metric's change from the first picked, the params that differ and a plot per metric with a tooltip", async () => {
    await page.page.check('tr[data-key="/p:runs/2026/01/01/r1"] input');
    await page.page.check('tr[data-key="/p:runs/2026/01/01/r3"] input');
    const metrics = await page.page.$$eval(".compare.metrics tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.deepEqual(metrics, [
      ["mae", "3", "2.5 −0.5 (−16.7%)"],
      ["rmse", "0.4", "0.31 −0.09 (−22.5%)"],
    ]);
    const params = await page.page.$$eval(".compare.params tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.deepEqual(params, [
      ["model.depth", "4", "6"],
      ["model.lr", "0.05", "0.01"],
    ]);
    assert.deepEqual(await page.page.$$eval(".plot", (figs) => figs.map((f) => (f as HTMLElement).dataset.metric)), ["mae", "rmse"]);
    assert.equal(await page.page.locator(".plot canvas").count(), 2);
    // Hover the second run's point of the rmse plot: the tooltip names the run, its value and its change.
    const canvas = page.page.locator('.plot[data-metric="rmse"] canvas');
    const box = (await canvas.boundingBox())!;
    await page.page.mouse.move(box.x + box.width - 12, box.y + box.height / 2);
    const tip = page.page.locator('.plot[data-metric="rmse"] .plot-tooltip');
    await tip.waitFor({ state: "visible" });
    assert.deepEqual((await tip.textContent())?.split(/(?=forecast|rmse|vs)/), ["forecast · r3", "rmse: 0.31", "vs first: −0.09 (−22.5%)"]);
    await page.page.screenshot({ path: join(ARTEFACTS, "experiments-compare.png") });
    assert.deepEqual(page.errors, []);
  });

  it("keeps the picked runs when the runs are listed again (a run started or ended), and shows the new one", async () => {
    const newer = run("r4", 40, { status: "running", tasks: { load: "running" } });
    await page.send({ type: "runs", runs: [newer, ...runs], problems: [] });
    assert.deepEqual(await page.rowIds(), ["r4", "r3", "r2", "r1"]);
    assert.equal(await page.page.locator("#runs tbody input:checked").count(), 2);
    assert.equal(await page.page.locator(".plot").count(), 2);
  });

  it("comes back after a reload with the same sort, filter, status boxes and picked runs; a picked run no longer listed is dropped", async () => {
    await page.page.click('th[data-column="metric:rmse"]');
    await page.page.click('th[data-column="metric:rmse"]');
    await page.page.fill("#filter", "model.lr=0.0");
    await page.page.check('#status-filter input[value="succeeded"]');
    assert.deepEqual(await page.rowIds(), ["r3", "r1"], "the picks of the test before: r1, then r3");
    await page.reload();
    // r1's folder is gone; r5 is new, and sorts first by rmse ascending.
    const r5 = run("r5", 50, { metrics: { rmse: 0.2 }, params: { "model.lr": 0.02, "model.depth": 4, seed: 7 } });
    await page.send({ type: "runs", runs: [r5, runs[0]!, runs[1]!], problems: [] });
    assert.equal(await page.page.getAttribute('th[data-column="metric:rmse"]', "aria-sort"), "ascending");
    assert.equal(await page.page.inputValue("#filter"), "model.lr=0.0");
    assert.deepEqual(await page.page.$$eval("#status-filter input:checked", (boxes) => boxes.map((b) => (b as HTMLInputElement).value)), ["succeeded"]);
    assert.deepEqual(await page.rowIds(), ["r5", "r3"]);
    assert.deepEqual(await page.page.$$eval("#runs tbody input:checked", (boxes) => boxes.map((b) => b.closest("tr")!.dataset.key)), ["/p:runs/2026/01/01/r3"]);
    assert.equal(await page.page.textContent("#picked h2"), "forecast · r3 · succeeded", "one run picked now: its actions");
    assert.deepEqual(await page.savedState(), {
      sort: { column: "metric:rmse", descending: false },
      text: "model.lr=0.0",
      statuses: ["succeeded"],
      picked: ["/p:runs/2026/01/01/r3"],
    });
    assert.deepEqual(page.errors, []);
    await page.page.uncheck('tr[data-key="/p:runs/2026/01/01/r3"] input');
    await page.page.uncheck('#status-filter input[value="succeeded"]');
    await page.page.fill("#filter", "");
    await page.page.click('th[data-column="start"]');
  });

  it("shows 500 runs × 20 metrics with only the rows in view in the page, down to the last when scrolled", async () => {
    const many = experimentRuns(500, 20);
    await page.send({ type: "runs", runs: many, problems: [] });
    assert.equal(await page.page.textContent("#count"), "500 runs");
    const inPage = await page.page.locator("#runs tbody tr[data-key]").count();
    assert.ok(inPage > 10 && inPage < 200, `${inPage} rows in the page`);
    const widthBefore = await page.page.$eval("#runs", (t) => t.getBoundingClientRect().width);
    await page.page.$eval("#table-wrap", (w) => (w.scrollTop = w.scrollHeight));
    const oldest = many[0]!.run.runId;
    await page.page.waitForFunction((id) => [...document.querySelectorAll("#runs td.run")].some((td) => td.textContent!.endsWith(id)), oldest);
    assert.equal(await page.page.$eval("#runs", (t) => t.getBoundingClientRect().width), widthBefore, "columns keep their width as the table scrolls");
    await page.page.screenshot({ path: join(ARTEFACTS, "experiments-500-runs.png") });
  });
});
