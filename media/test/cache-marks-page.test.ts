// The run cache on the graph page in headless Chromium (issue 13): reused tasks badged "cached" live and
// from a past run's state, with the run they came from in the details pane (a link that asks for that run);
// outdated tasks from the server's graph badged with their reasons, cleared when the graph says so; "Why
// will this run?" on a node's menu asks the extension and shows its answer in words; the timeline's hatched
// bar for a reused task. One page for the file; screenshot test-results/media/graph-cache-marks.png.

import { strict as assert } from "node:assert";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { RunEvent } from "../../shared/events";
import type { ServedDagGraph } from "../../shared/protocol";
import { reduceRunEvents } from "../../shared/run-state";
import { trainingGraph } from "../../shared/test/sample-graphs";
import { GraphPage } from "./graph-page";

const ARTEFACTS = join(__dirname, "..", "..", "test-results", "media");
const ts = "2026-12-04T10:00:00.000Z";
const earlier = { runId: "20261204T090000Z-aaaaaa", runFolder: "runs/2026/12/04/20261204T090000Z-aaaaaa" };
const runStart: RunEvent = {
  event: "run-start",
  ts,
  runId: "r2",
  runFolder: "runs/2026/12/04/r2",
  dag: "training",
  tasks: trainingGraph.nodes.map((n) => ({ label: n.label, className: n.className, file: "src/tasks.ts", line: 1 })),
  edges: trainingGraph.edges,
};
const reusedData: RunEvent = { event: "task-end", ts, task: "data", status: "succeeded", attempt: 0, durationMs: 0, cached: earlier };

/** The training graph as the server serves it while `model.ts` has an unsaved edit `train` imports. */
const outdatedGraph: ServedDagGraph = {
  ...(trainingGraph as ServedDagGraph),
  comparedWith: earlier,
  nodes: trainingGraph.nodes.map((n) =>
    n.label === "train" ? { ...n, outdated: [{ kind: "code", detail: "src/model.ts" }] } : n.label === "test" ? { ...n, outdated: [{ kind: "upstream", detail: "train" }] } : n,
  ),
};

describe("run cache marks on the graph page (headless Chromium)", function () {
  this.timeout(120_000);
  let page: GraphPage;
  const badges = (): Promise<Record<string, string[]>> =>
    page.page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll(".node")].map((n) => [n.getAttribute("data-id"), [...n.querySelectorAll(".badge")].map((b) => `${b.getAttribute("class")}: ${b.textContent}`)]),
      ),
    );

  before(async () => {
    mkdirSync(ARTEFACTS, { recursive: true });
    page = await GraphPage.open();
  });
  after(async () => {
    await page?.close();
  });
  beforeEach(async () => {
    // The pane beside the graph covers nodes on the right: each test opens what it needs.
    if (await page.page.isVisible("#details")) await page.page.click("#details .details-close");
    await page.send({ type: "run-state", state: null });
    await page.showGraph({ type: "graph", graph: trainingGraph });
  });

  it("badges a task reused during a run 'cached' (no duration), and its details link to the run it came from", async () => {
    await page.runEvents([runStart, reusedData, { event: "task-start", ts, task: "clean", attempt: 1 }, { event: "task-end", ts, task: "clean", status: "succeeded", attempt: 1, durationMs: 900 }]);
    const shown = await badges();
    assert.deepEqual(shown.data, ["badge badge-cached: cached"]);
    assert.deepEqual(shown.clean, [], "a task that ran has no badge");
    assert.equal(await page.page.textContent('.node[data-id="data"] .detail'), "reused");
    assert.match((await page.page.textContent('.node[data-id="data"] > title')) ?? "", /Reused from run 20261204T090000Z-aaaaaa/);

    await page.page.click('.node[data-id="data"]');
    const reused = page.page.locator("#details .details-cached");
    assert.equal(await reused.textContent(), "Reused from run 20261204T090000Z-aaaaaa: not run again, its outputs placed into this run.");
    await reused.locator("a").click();
    assert.deepEqual((await page.posted()).at(-1), { type: "show-run", dag: "training", runId: earlier.runId });
  });

  it("badges reused tasks from a past run's whole state, and draws them as hatched bars on the timeline", async () => {
    await page.send({ type: "run-state", state: reduceRunEvents([runStart, reusedData, { event: "run-end", ts, status: "succeeded", durationMs: 5 }])! });
    await page.page.waitForSelector('.node.cached[data-id="data"] .badge-cached');
    await page.page.click("#timeline-toggle");
    const bar = page.page.locator('.timeline-bar[data-task="data"]');
    assert.equal(await bar.getAttribute("class"), "timeline-bar status-succeeded cached");
    assert.equal(await bar.getAttribute("title"), "data: reused from run 20261204T090000Z-aaaaaa (not run)");
    await page.page.click("#timeline-toggle");
  });

  it("badges the tasks the server marks outdated, with the reasons in words in the tooltip and the details; a graph without them clears the marks", async () => {
    await page.showGraph({ type: "graph", graph: outdatedGraph });
    const shown = await badges();
    assert.deepEqual(shown.train, ["badge badge-outdated: outdated"]);
    assert.deepEqual(shown.test, ["badge badge-outdated: outdated"]);
    assert.deepEqual(shown.data, []);
    assert.equal(await page.page.textContent('.node[data-id="train"] > title'), "train (TrainTask)\nOutdated since its last run:\n• Its code changed: src/model.ts");
    await page.page.click('.node[data-id="test"]');
    assert.equal(await page.page.textContent("#details .details-outdated h3"), `Outdated since run ${earlier.runId}`);
    assert.deepEqual(await page.page.locator("#details .details-outdated li").allTextContents(), ["It reads what train writes, and train runs first"]);
    await page.page.screenshot({ path: join(ARTEFACTS, "graph-cache-marks.png") });

    // The edit undone: the server's next graph has no outdated task.
    await page.showGraph({ type: "graph", graph: trainingGraph });
    assert.deepEqual(Object.values(await badges()).flat(), []);
    assert.equal(await page.page.locator("#details .details-outdated").count(), 0);
  });

  it("'Why will this run?' on a node's menu asks the extension, then shows its answer in words: pending, the reasons, or why there is none", async () => {
    await page.page.click('.node[data-id="train"]', { button: "right" });
    await page.page.getByRole("menuitem", { name: "Why will this run?" }).click();
    assert.deepEqual((await page.posted()).at(-1), { type: "why-will-run", dag: "training", task: "train" });

    await page.send({ type: "why", task: "train", answer: { pending: true } });
    assert.equal(await page.page.textContent("#details h2"), "train");
    assert.equal(await page.page.textContent("#details .why-pending"), "Asking gluepy (a dry run: nothing runs)…");
    await page.send({
      type: "why",
      task: "train",
      answer: { task: "train", willRun: true, reasons: [{ kind: "code", detail: "src/model.ts" }, { kind: "context", detail: "model.depth" }] },
    });
    assert.equal(await page.page.textContent("#details .why-run"), "Will run");
    assert.deepEqual(await page.page.locator("#details .details-why li").allTextContents(), ["Its code changed: src/model.ts", "A setting it read changed: model.depth"]);
    await page.page.screenshot({ path: join(ARTEFACTS, "graph-why-will-run.png") });

    await page.send({ type: "why", task: "data", answer: { task: "data", willRun: false, reasons: [], cached: earlier } });
    assert.equal(await page.page.textContent("#details h2"), "data", "the answer selects its task");
    assert.equal(await page.page.textContent("#details .why-reused"), `Will be reused from run ${earlier.runId}`);
    await page.send({ type: "why", task: "data", answer: { error: "gluepy dag training --dry-run said: DAG 'training' has errors" } });
    assert.equal(await page.page.textContent("#details .why-error"), "gluepy dag training --dry-run said: DAG 'training' has errors");
    await page.page.locator("#details .details-why a", { hasText: "Ask again" }).click();
    assert.deepEqual((await page.posted()).at(-1), { type: "why-will-run", dag: "training", task: "data" });
    assert.deepEqual(page.errors, [], "no console errors or CSP violations");
  });
});
