// The bundled graph page in headless Chromium: what a user sees and what the page tells the extension.

import { strict as assert } from "node:assert";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { savedTargetOf } from "../../client/src/graph-panel-state";
import type { RunEvent } from "../../shared/events";
import { LayoutHost } from "../../client/src/layout/host";
import { builtLayoutThread } from "../../client/test/support/layout-thread";
import { firstLayoutInput } from "../../shared/layout/elk-graph";
import { answeredBy, GraphPage } from "./graph-page";
import { generatedGraph, trainingGraph } from "../../shared/test/sample-graphs";

const ARTEFACTS = join(__dirname, "..", "..", "test-results", "media");
const ts = "2026-01-01T00:00:00.000Z";
const runStart: RunEvent = {
  event: "run-start",
  ts,
  runId: "r1",
  runFolder: "/data/runs/2026/01/01/r1",
  dag: "training",
  tasks: trainingGraph.nodes.map((n) => ({ label: n.label, className: n.className, file: "src/tasks.ts", line: 1 })),
  edges: trainingGraph.edges,
};

/** The page's pan and zoom, read from the drawing's transform. */
async function viewTransform(page: GraphPage): Promise<{ x: number; y: number; k: number }> {
  const t = (await page.page.getAttribute("#viewport", "transform")) ?? "";
  const m = /translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)/.exec(t)!;
  return { x: Number(m[1]), y: Number(m[2]), k: Number(m[3]) };
}

describe("graph webview page (headless Chromium)", function () {
  this.timeout(120_000);
  let page: GraphPage;

  before(async () => {
    mkdirSync(ARTEFACTS, { recursive: true });
    page = await GraphPage.open();
  });
  after(async () => {
    await page?.close();
  });
  beforeEach(async () => {
    await page.send({ type: "run-state", state: null });
    await page.showGraph({ type: "graph", graph: trainingGraph });
  });

  it("tells the extension it is ready once loaded, with the direction of its first layout (a wide panel: left to right)", async () => {
    assert.deepEqual((await page.posted())[0], { type: "ready", direction: "RIGHT" });
  });

  it("draws every task, every edge and each sub-DAG as a group, laid out without overlaps", async () => {
    const drawn = await page.page.evaluate(() => ({
      nodes: [...document.querySelectorAll(".node")].map((n) => n.getAttribute("data-id")),
      edges: [...document.querySelectorAll(".edge")].map((e) => `${e.getAttribute("data-from")}>${e.getAttribute("data-to")}`),
      groups: [...document.querySelectorAll(".group")].map((g) => g.getAttribute("data-group")),
      boxes: [...document.querySelectorAll(".node")].map((n) => n.getBoundingClientRect().toJSON() as DOMRect),
      edgePaths: [...document.querySelectorAll(".edge")].map((e) => e.getAttribute("d") ?? ""),
      title: document.getElementById("dag-name")!.textContent,
    }));
    assert.deepEqual(drawn.nodes.sort(), trainingGraph.nodes.map((n) => n.label).sort());
    assert.deepEqual(drawn.edges.sort(), trainingGraph.edges.map(([a, b]) => `${a}>${b}`).sort());
    assert.deepEqual(drawn.groups.sort(), ["prep", "prep/quality"]);
    assert.equal(drawn.title, "training");
    for (const [i, a] of drawn.boxes.entries()) {
      assert.ok(a.width > 0 && a.height > 0, `node ${drawn.nodes[i]} has a size`);
      for (const b of drawn.boxes.slice(i + 1)) {
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        assert.ok(!overlap, "two nodes overlap");
      }
    }
    // Orthogonal routing: every segment of every edge is horizontal or vertical.
    for (const d of drawn.edgePaths) {
      const points = [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      assert.ok(points.length >= 2, `edge path '${d}' has points`);
      for (let i = 1; i < points.length; i++) {
        const [[x0, y0], [x1, y1]] = [points[i - 1]!, points[i]!];
        assert.ok(Math.abs(x0! - x1!) < 0.01 || Math.abs(y0! - y1!) < 0.01, `edge segment ${d} is not orthogonal`);
      }
    }
    await page.page.screenshot({ path: join(ARTEFACTS, "graph-layout.png") });
    assert.deepEqual(page.errors, [], "no console errors or CSP violations");
  });

  it("draws every task and edge of a big generated DAG (500 tasks, 1,000 edges)", async () => {
    const big = generatedGraph(500, 1000);
    await page.showGraph({ type: "graph", graph: big });
    const drawn = await page.page.evaluate(() => ({
      nodes: new Set([...document.querySelectorAll(".node")].map((n) => n.getAttribute("data-id"))).size,
      edges: new Set([...document.querySelectorAll(".edge")].map((e) => `${e.getAttribute("data-from")}>${e.getAttribute("data-to")}`)).size,
    }));
    assert.deepEqual(drawn, { nodes: 500, edges: 1000 });
  });

  it("recolours only the task a status event names, with its duration and attempts, without a new layout", async () => {
    const seq = await page.layoutSeq();
    await page.runEvents([runStart, { event: "task-start", ts, task: "train", attempt: 1 }]);
    await page.runEvents([
      { event: "task-end", ts, task: "train", status: "failed", attempt: 1, durationMs: 400 },
      { event: "task-start", ts, task: "train", attempt: 2 },
      { event: "task-end", ts, task: "train", status: "succeeded", attempt: 2, durationMs: 1530 },
    ]);
    const nodes = await page.page.evaluate(() =>
      [...document.querySelectorAll(".node")].map((n) => ({
        id: n.getAttribute("data-id"),
        status: [...n.classList].find((c) => c.startsWith("status-")),
        detail: n.querySelector(".detail")!.textContent,
        stroke: getComputedStyle(n.querySelector("rect")!).stroke,
      })),
    );
    const train = nodes.find((n) => n.id === "train")!;
    assert.equal(train.status, "status-succeeded");
    assert.equal(train.detail, "1.5s · 2 attempts");
    for (const other of nodes.filter((n) => n.id !== "train")) assert.equal(other.status, "status-pending", `${other.id} stays pending`);
    const pendingStroke = nodes.find((n) => n.id === "test")!.stroke;
    assert.notEqual(train.stroke, pendingStroke, "the succeeded node is drawn in another colour");
    assert.equal(await page.layoutSeq(), seq, "no relayout for run events");
    assert.equal(await page.page.evaluate(() => document.body.classList.contains("laying-out")), false);
    await page.page.screenshot({ path: join(ARTEFACTS, "graph-run-status.png") });
  });

  it("follows a 1,000-task run sent as the panel batches it (one message per frame): every node ends in its status, without a relayout", async () => {
    const big = generatedGraph(1000, 1500);
    await page.showGraph({ type: "graph", graph: big });
    const seq = await page.layoutSeq();
    const start: RunEvent = { ...runStart, runId: "big-run", dag: "big", tasks: big.nodes.map((n) => ({ label: n.label, className: n.className, file: "t.ts", line: 1 })), edges: big.edges };
    const events: RunEvent[] = [start];
    for (const n of big.nodes) {
      events.push({ event: "task-start", ts, task: n.label, attempt: 1 });
      events.push({ event: "task-end", ts, task: n.label, status: n.label === "task_999" ? "failed" : "succeeded", attempt: 1, durationMs: 2 });
    }
    events.push({ event: "run-end", ts, status: "failed", durationMs: 900 });
    // 10 events per ms, delivered every 16 ms: 160 events a message.
    for (let i = 0; i < events.length; i += 160) await page.runEvents(events.slice(i, i + 160));
    const statuses = await page.page.evaluate(() => {
      const count: Record<string, number> = {};
      for (const n of document.querySelectorAll(".node")) {
        const status = [...n.classList].find((c) => c.startsWith("status-")) ?? "none";
        count[status] = (count[status] ?? 0) + 1;
      }
      return count;
    });
    assert.deepEqual(statuses, { "status-succeeded": 999, "status-failed": 1 });
    assert.equal(await page.layoutSeq(), seq, "no relayout for run events");
  });

  it("opens a DAG too big to read whole at a readable scale around its roots, with a minimap; a small one fits whole, without", async () => {
    assert.equal(await page.page.evaluate(() => document.body.dataset.minimap), "hidden", "the training DAG fits");
    assert.ok((await viewTransform(page)).k >= 0.75, "and reads");
    await page.showGraph({ type: "graph", graph: generatedGraph(300, 450) });
    const vp = await viewTransform(page);
    assert.equal(vp.k, 0.75, "never fitted below a readable scale");
    await page.page.screenshot({ path: join(ARTEFACTS, "graph-readable-300.png") });
    assert.equal(await page.page.evaluate(() => document.body.dataset.minimap), "shown");
    assert.ok(await page.page.locator(".minimap").isVisible());
    // What is in view: roots (nodes with nothing upstream), and the DAG's first layer (its start, left).
    const shown = await page.page.evaluate(() => {
      const view = document.getElementById("graph")!.getBoundingClientRect();
      const downstream = new Set([...document.querySelectorAll(".edge")].map((e) => e.getAttribute("data-to")));
      const nodes = [...document.querySelectorAll(".node")].map((n) => ({ id: n.getAttribute("data-id")!, box: n.getBoundingClientRect() }));
      const inView = nodes.filter(({ box }) => box.left >= view.left && box.right <= view.right && box.top >= view.top && box.bottom <= view.bottom);
      return {
        roots: inView.filter((n) => !downstream.has(n.id)).length,
        firstLayerInView: Math.min(...nodes.map((n) => n.box.left)) >= view.left,
      };
    });
    assert.ok(shown.roots > 0, "roots are in view");
    assert.ok(shown.firstLayerInView, "from the DAG's start");
    // A click on the minimap's far corner moves the view there, at the same scale.
    const map = (await page.page.locator(".minimap").boundingBox())!;
    await page.page.mouse.click(map.x + map.width - 4, map.y + map.height - 4);
    const moved = await viewTransform(page);
    assert.equal(moved.k, vp.k);
    assert.ok(moved.x < vp.x || moved.y < vp.y, "the view moved toward the far end");
  });

  it("search zooms to the match, however far out the view was", async () => {
    await page.showGraph({ type: "graph", graph: generatedGraph(300, 450) });
    for (let i = 0; i < 10; i++) await page.page.click("#zoom-out");
    assert.ok((await viewTransform(page)).k < 0.2);
    await page.page.fill("#search", "task_250");
    const vp = await viewTransform(page);
    assert.ok(vp.k >= 1, `zoomed in to read it (scale ${vp.k})`);
    const match = (await page.page.locator('.node[data-id="task_250"]').boundingBox())!;
    const graphBox = (await page.page.locator("#graph").boundingBox())!;
    const [cx, cy] = [match.x + match.width / 2 - graphBox.x, match.y + match.height / 2 - graphBox.y];
    assert.ok(Math.abs(cx - graphBox.width / 2) < 2 && Math.abs(cy - graphBox.height / 2) < 2, "the match is in the middle of the view");
    await page.page.fill("#search", "");
  });

  it("a clicked node opens its details, whose class link (or a double click) posts open-task; run/retry actions from its context menu", async () => {
    const before = (await page.posted()).length;
    await page.page.click('.node[data-id="features"]');
    assert.equal(await page.page.textContent("#details h2"), "features");
    await page.page.click("#details .details-class a");
    await page.page.click('.node[data-id="features"]');
    await page.page.dblclick('.node[data-id="check"]');
    await page.page.click("#details .details-close");
    await page.page.click('.node[data-id="train"]', { button: "right" });
    await page.page.getByRole("menuitem", { name: "Run from here" }).click();
    await page.page.click('.node[data-id="test"]', { button: "right" });
    await page.page.getByRole("menuitem", { name: "Retry from here" }).click();
    await page.page.click("#run-dag");
    assert.deepEqual((await page.posted()).slice(before), [
      { type: "open-task", dag: "training", task: "features" },
      { type: "open-task", dag: "training", task: "check" },
      { type: "run-from-task", dag: "training", task: "train" },
      { type: "retry-from-task", dag: "training", task: "test" },
      { type: "run-dag", dag: "training" },
    ]);
    assert.equal(await page.page.locator("#menu").isHidden(), true, "the menu closes after a choice");
  });

  it("works from the keyboard: Enter on a focused node shows its details, on a sub-DAG title collapses it", async () => {
    await page.page.focus('.node[data-id="check"]');
    await page.page.keyboard.press("Enter");
    assert.equal(await page.page.textContent("#details h2"), "check");
    assert.match((await page.page.getAttribute('.node[data-id="check"]', "class"))!, /\bselected\b/);
    const seq = await page.layoutSeq();
    await page.page.focus('.group-toggle[data-group="prep/quality"]');
    await page.page.keyboard.press("Enter");
    await page.waitForLayoutAfter(seq);
    assert.equal(await page.page.locator('.node[data-id="group:prep/quality"]').count(), 1);
    await page.clickAndRelayout("#expand-all");
  });

  it("the details pane shows the selected task's run: status, attempts, duration, error with stack links, files, metrics, kept current", async () => {
    const stack = [
      "Error: training.parquet is missing",
      "    at TrainTask.run (/work/p/src/tasks.ts:42:11)",
      "    at async runTask (node:internal/process/task_queues:95:5)",
      "    at fit (file:///work/p/src/model.ts:7:3)",
    ].join("\n");
    const outputs = [{ path: "model.json", bytes: 2048, sha256: "a".repeat(64) }, { path: "plots/loss.png", bytes: 5_300_000, sha256: "b".repeat(64) }];
    const inputs = [{ path: "data/raw.csv", root: true as const, bytes: 12, sha256: "c".repeat(64) }];
    await page.page.click('.node[data-id="train"]');
    assert.match((await page.page.textContent("#details dl"))!, /Statusno run yet/);
    await page.runEvents([runStart, { event: "task-start", ts, task: "train", attempt: 1 }]);
    assert.match((await page.page.textContent("#details dl"))!, /Statusrunning/, "the open pane follows the run");
    await page.runEvents([
      { event: "metric", ts, task: "train", key: "rmse", value: 0.25 },
      { event: "task-end", ts, task: "train", status: "failed", attempt: 2, durationMs: 1530, error: { message: "training.parquet is missing", stack, file: "/work/p/src/tasks.ts", line: 42, column: 11 }, outputs, inputs },
    ]);
    const pane = await page.page.evaluate(() => {
      const d = document.getElementById("details")!;
      return {
        facts: [...d.querySelectorAll("dt")].map((dt) => `${dt.textContent}: ${dt.nextElementSibling!.textContent}`),
        error: d.querySelector(".error-message")!.textContent,
        frames: [...d.querySelectorAll(".stack li")].map((li) => ({ text: li.textContent, link: li.querySelector("a") !== null })),
        outputs: [...d.querySelectorAll(".details-outputs li")].map((li) => li.textContent),
        inputs: [...d.querySelectorAll(".details-inputs li")].map((li) => li.textContent),
        metrics: [...d.querySelectorAll(".details-metrics tr")].map((tr) => tr.textContent),
      };
    });
    assert.deepEqual(pane.facts.slice(0, 3), ["Status: failed", "Attempts: 2", "Duration: 1.5s"]);
    assert.equal(pane.error, "training.parquet is missing");
    assert.deepEqual(pane.frames.map((f) => f.link), [true, false, true], "file frames are links, node internals are not");
    assert.deepEqual(pane.outputs, ["model.json 2.0 KB", "plots/loss.png 5.1 MB"]);
    assert.deepEqual(pane.inputs, ["data/raw.csv (storage root) 12 B"]);
    assert.deepEqual(pane.metrics, ["rmse0.25"]);
    await page.page.screenshot({ path: join(ARTEFACTS, "graph-task-details.png") });
    const before = (await page.posted()).length;
    await page.page.click("#details .stack li:nth-child(3) a");
    await page.page.click("#details .details-outputs li:nth-child(2) a");
    await page.page.click("#details .details-inputs li a");
    assert.deepEqual((await page.posted()).slice(before), [
      { type: "open-frame", dag: "training", task: "train", frame: 2 },
      { type: "open-file", dag: "training", task: "train", list: "outputs", index: 1 },
      { type: "open-file", dag: "training", task: "train", list: "inputs", index: 0 },
    ]);
    await page.page.click("#details .details-close");
    assert.equal(await page.page.locator("#details").isHidden(), true);
  });

  it("the details pane names the DAGs using the task and shows its last log lines, from the run's record and live; 'Show all' asks for the whole log", async () => {
    await page.showGraph({ type: "graph", graph: { ...trainingGraph, dagsUsing: { train: ["retraining", "training"] } } });
    const recorded = { lines: [{ stream: "stdout" as const, text: "loading 3 files" }], total: 1 };
    await page.send({ type: "run-state", state: { runId: "r0", runFolder: "runs/r0", dag: "training", status: "succeeded", startedAt: ts, order: [], edges: [], tasks: {}, metrics: {} }, logs: { train: recorded } });
    await page.page.click('.node[data-id="train"]');
    const pane = () =>
      page.page.evaluate(() => {
        const d = document.getElementById("details")!;
        return {
          usedIn: d.querySelector(".details-dags")?.textContent,
          title: d.querySelector(".details-log h3")?.textContent,
          lines: [...d.querySelectorAll(".details-log .log span")].map((s) => `${s.className || "stdout"}: ${s.textContent!.trimEnd()}`),
          showAll: d.querySelector(".details-log a")?.textContent ?? null,
        };
      });
    assert.deepEqual(await pane(), { usedIn: "retraining, training", title: "Log (1 line)", lines: ["stdout: loading 3 files"], showAll: null });
    await page.runEvents([
      { ...runStart, runId: "r2" },
      { event: "task-start", ts, task: "train", attempt: 1 },
      { event: "task-log", ts, task: "train", stream: "stdout", text: Array.from({ length: 30 }, (_, i) => `epoch ${i + 1}`).join("\n") },
      { event: "task-log", ts, task: "train", stream: "stderr", text: "warning: slow" },
    ]);
    const live = await pane();
    assert.equal(live.title, "Log (31 lines)", "a new run starts a new log");
    assert.equal(live.lines.length, 20, "the last 20 lines");
    assert.deepEqual(live.lines.slice(-2), ["stdout: epoch 30", "stderr: warning: slow"]);
    assert.equal(live.showAll, "Show all 31 lines");
    await page.page.screenshot({ path: join(ARTEFACTS, "graph-task-log.png") });
    const before = (await page.posted()).length;
    await page.page.click("#details .details-log a");
    assert.deepEqual((await page.posted()).slice(before), [{ type: "open-log", dag: "training", task: "train" }]);
    await page.page.click("#details .details-close");
  });

  it("the timeline shows the run's tasks as bars on a time axis, parallel ones side by side, live; a bar selects its task", async () => {
    const at = (ms: number): string => new Date(Date.parse(ts) + ms).toISOString();
    await page.runEvents([
      { ...runStart, ts: at(0) },
      { event: "task-start", ts: at(0), task: "data", attempt: 1 },
      { event: "task-end", ts: at(100), task: "data", status: "succeeded", attempt: 1, durationMs: 100 },
      { event: "task-start", ts: at(100), task: "check", attempt: 1 },
      { event: "task-start", ts: at(100), task: "features", attempt: 1 },
    ]);
    await page.page.click("#timeline-toggle");
    const bars = async () =>
      page.page.evaluate(() =>
        [...document.querySelectorAll(".timeline-bar")].map((b) => ({ task: (b as HTMLElement).dataset.task, status: [...b.classList].find((c) => c.startsWith("status-")), box: b.getBoundingClientRect().toJSON() as DOMRect })),
      );
    let shown = await bars();
    // In start order (the two started together in the DAG's order).
    assert.deepEqual(shown[0] && [shown[0].task, shown[0].status], ["data", "status-succeeded"]);
    assert.deepEqual(shown.slice(1).map((b) => [b.task, b.status]).sort(), [["check", "status-running"], ["features", "status-running"]]);
    await page.runEvents([
      { event: "task-end", ts: at(300), task: "check", status: "succeeded", attempt: 1, durationMs: 200 },
      { event: "task-end", ts: at(400), task: "features", status: "failed", attempt: 1, durationMs: 300 },
    ]);
    shown = await bars();
    const bar = (task: string) => shown.find((b) => b.task === task)!;
    const [data, check, features] = [bar("data"), bar("check"), bar("features")];
    assert.deepEqual([data.status, check.status, features.status], ["status-succeeded", "status-succeeded", "status-failed"], "the timeline follows the run");
    assert.ok(Math.abs(check.box.left - features.box.left) < 1, "parallel tasks start at the same place");
    assert.ok(Math.abs(check.box.left - (data.box.left + data.box.width)) < 2, "after what they wait for");
    assert.ok(features.box.width > check.box.width, "a longer task is a longer bar");
    await page.page.screenshot({ path: join(ARTEFACTS, "graph-timeline.png") });
    await page.page.click('.timeline-bar[data-task="features"]');
    assert.equal(await page.page.textContent("#details h2"), "features");
    await page.page.click("#details .details-close");
    await page.page.click("#timeline-toggle");
    assert.equal(await page.page.locator("#timeline").isHidden(), true);
  });

  it("folds each set of parallel tasks into one node with their aggregate status, unfolds it on click, folds it again from a member's menu", async () => {
    const fits = Array.from({ length: 6 }, (_, i) => `fit_${i + 1}`);
    const sweep = {
      dag: "sweep",
      className: "SweepDAG",
      nodes: ["load", ...fits, "pick"].map((label) => ({ label, className: "T", eval: false, groups: [] })),
      edges: fits.flatMap((f): [string, string][] => [["load", f], [f, "pick"]]),
      groups: [],
      problems: [],
    };
    await page.showGraph({ type: "graph", graph: sweep });
    await page.clickAndRelayout("#fold-parallel");
    assert.deepEqual(await page.shownNodes(), ["load", "parallel:fit_1", "pick"]);
    const folded = '.node[data-id="parallel:fit_1"]';
    assert.equal(await page.page.textContent(`${folded} .label`), "▸ 6 parallel tasks");
    const started = { ...runStart, dag: "sweep", tasks: sweep.nodes.map((n) => ({ label: n.label, className: "T", file: "t.ts", line: 1 })), edges: sweep.edges };
    await page.runEvents([
      started,
      ...fits.slice(0, 5).map((task): RunEvent => ({ event: "task-end", ts, task, status: "succeeded", attempt: 1, durationMs: 5 })),
      { event: "task-end", ts, task: "fit_6", status: "failed", attempt: 1, durationMs: 5, error: { message: "diverged", stack: "" } },
    ]);
    assert.match((await page.page.getAttribute(folded, "class"))!, /status-failed/, "a failure among them shows on the folded node");
    assert.equal(await page.page.textContent(`${folded} .detail`), "5/6 succeeded");
    await page.page.screenshot({ path: join(ARTEFACTS, "graph-folded-parallel.png") });
    await page.clickAndRelayout(folded);
    assert.deepEqual(await page.shownNodes(), ["fit_1", "fit_2", "fit_3", "fit_4", "fit_5", "fit_6", "load", "pick"]);
    assert.match((await page.page.getAttribute('.node[data-id="fit_6"]', "class"))!, /status-failed/);
    await page.page.click('.node[data-id="fit_3"]', { button: "right" });
    const seq = await page.layoutSeq();
    await page.page.getByRole("menuitem", { name: "Fold its 6 parallel tasks" }).click();
    await page.waitForLayoutAfter(seq);
    assert.deepEqual(await page.shownNodes(), ["load", "parallel:fit_1", "pick"]);
  });

  it("search highlights matching tasks and dims the rest", async () => {
    await page.page.fill("#search", "trai");
    const classes = await page.page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll(".node")].map((n) => [n.getAttribute("data-id"), n.getAttribute("class")])),
    );
    assert.match(classes.train!, /\bmatch\b/);
    assert.match(classes.data!, /\bdimmed\b/);
    await page.page.fill("#search", "nothing-like-this");
    assert.equal(await page.page.textContent("#message"), "No task matches 'nothing-like-this'.");
    await page.page.fill("#search", "");
  });

  it("focus selectors show a task with its ancestors, descendants, or both to a depth", async () => {
    const shownFor = async (selector: string): Promise<string[]> => {
      await page.focus(selector);
      return page.shownNodes();
    };
    assert.deepEqual(await shownFor("+features"), ["clean", "data", "features"]);
    assert.deepEqual(await shownFor("test+"), ["report", "test"]);
    assert.deepEqual(await shownFor("1+train+1"), ["check", "features", "test", "train"]);
    assert.deepEqual(await shownFor("data+2"), ["check", "clean", "data", "features"]);
    await page.page.fill("#focus", "trian");
    await page.page.press("#focus", "Enter");
    await page.page.waitForFunction(() => document.getElementById("message")!.textContent!.includes("trian"));
    assert.equal(await page.page.textContent("#message"), "No task 'trian' in this DAG. Did you mean 'train'?");
    await page.clickAndRelayout("#focus-clear");
    assert.equal(await page.page.locator(".node").count(), trainingGraph.nodes.length);
  });

  it("collapses a sub-DAG into one node with its summary, and expands it again", async () => {
    await page.clickAndRelayout('.group-toggle[data-group="prep"]');
    const collapsed = await page.page.evaluate(() => ({
      nodes: [...document.querySelectorAll(".node")].map((n) => n.getAttribute("data-id")!).sort(),
      edges: [...document.querySelectorAll(".edge")].map((e) => `${e.getAttribute("data-from")}>${e.getAttribute("data-to")}`).sort(),
      label: document.querySelector('.node[data-id="group:prep"] .label')!.textContent,
    }));
    assert.deepEqual(collapsed.nodes, ["data", "group:prep", "report", "test", "train"]);
    assert.deepEqual(collapsed.edges, ["data>group:prep", "group:prep>train", "test>report", "train>test"]);
    assert.equal(collapsed.label, "▸ prep (3)");
    await page.page.fill("#search", "feat");
    assert.match((await page.page.getAttribute('.node[data-id="group:prep"]', "class"))!, /\bmatch\b/, "search finds a task inside a collapsed sub-DAG");
    await page.page.fill("#search", "");

    await page.runEvents([runStart, { event: "task-end", ts, task: "clean", status: "succeeded", attempt: 1, durationMs: 5 }]);
    assert.equal(await page.page.textContent('.node[data-id="group:prep"] .detail'), "1/3 succeeded");

    await page.clickAndRelayout('.node[data-id="group:prep"]');
    assert.equal(await page.page.locator(".node").count(), trainingGraph.nodes.length);
    assert.match((await page.page.getAttribute('.node[data-id="clean"]', "class"))!, /status-succeeded/);
  });

  it("follows a live edit: a new graph of the same DAG relays out and keeps the zoom", async () => {
    await page.page.click("#zoom-in");
    const before = await page.page.getAttribute("#viewport", "transform");
    const edited = {
      ...trainingGraph,
      nodes: [...trainingGraph.nodes, { label: "publish", className: "PublishTask", eval: false, groups: [] }],
      edges: [...trainingGraph.edges, ["test", "publish"] as [string, string]],
    };
    await page.showGraph({ type: "graph", graph: edited });
    assert.equal(await page.page.locator('.node[data-id="publish"]').count(), 1);
    assert.equal(await page.page.locator('.edge[data-from="test"][data-to="publish"]').count(), 1);
    const scale = (t: string | null): string | undefined => /scale\(([^)]+)\)/.exec(t ?? "")?.[1];
    assert.equal(scale(await page.page.getAttribute("#viewport", "transform")), scale(before));
  });

  it("redraws an edit that changes no task or edge without running the layout again", async () => {
    const layoutsRun = (): Promise<number> => page.page.evaluate(() => Number(document.body.dataset.layoutsRun));
    const before = await layoutsRun();
    assert.ok(before > 0, "the page counts its layouts");
    const moved = { ...trainingGraph, nodes: trainingGraph.nodes.map((n) => ({ ...n, className: n.className })) };
    await page.showGraph({ type: "graph", graph: moved });
    assert.equal(await layoutsRun(), before);
    assert.equal(await page.page.locator(".node").count(), trainingGraph.nodes.length);
  });

  it("keeps a focus across a live edit and applies it to the new tasks", async () => {
    await page.focus("+train");
    const edited = {
      ...trainingGraph,
      nodes: [...trainingGraph.nodes, { label: "weights", className: "WeightsTask", eval: false, groups: [] }],
      edges: [...trainingGraph.edges, ["weights", "train"] as [string, string]],
    };
    await page.showGraph({ type: "graph", graph: edited });
    const shown = await page.shownNodes();
    assert.deepEqual(shown, ["check", "clean", "data", "features", "train", "weights"]);
    await page.clickAndRelayout("#focus-clear");
  });

  it("reopens with the same focus and collapsed sub-DAGs after the webview reloads", async () => {
    await page.clickAndRelayout('.group-toggle[data-group="prep"]');
    await page.focus("+train");
    await page.reload();
    await page.showGraph({ type: "graph", graph: { ...trainingGraph, project: "/ws/forecast" } });
    const shown = await page.shownNodes();
    assert.deepEqual(shown, ["data", "group:prep", "train"]);
    assert.equal(await page.page.inputValue("#focus"), "+train");
    // What VS Code hands the panel serializer after a window reload: it must name the DAG to reopen.
    const saved: unknown = await page.page.evaluate(() => JSON.parse(sessionStorage.getItem("state") ?? "null"));
    assert.deepEqual(savedTargetOf(saved), { dag: "training", project: "/ws/forecast" }, "the DAG and its project (labels are unique per project)");
    await page.clickAndRelayout("#expand-all");
    await page.clickAndRelayout("#focus-clear");
  });

  it("reopens with the same parallel sets folded and unfolded after the webview reloads, but not a set the DAG changed meanwhile", async () => {
    // load → fit_1..fit_6 → pick → score_1..score_4 → report: two sets of parallel tasks.
    const fits = Array.from({ length: 6 }, (_, i) => `fit_${i + 1}`);
    const scores = Array.from({ length: 4 }, (_, i) => `score_${i + 1}`);
    const twoSweeps = (extraFit: string[] = []) => {
      const fitted = [...fits, ...extraFit];
      return {
        dag: "sweeps",
        className: "SweepsDAG",
        nodes: ["load", ...fitted, "pick", ...scores, "report"].map((label) => ({ label, className: "T", eval: false, groups: [] })),
        edges: [
          ...fitted.flatMap((f): [string, string][] => [["load", f], [f, "pick"]]),
          ...scores.flatMap((t): [string, string][] => [["pick", t], [t, "report"]]),
        ],
        groups: [],
        problems: [],
      };
    };
    await page.showGraph({ type: "graph", graph: twoSweeps() });
    await page.clickAndRelayout("#fold-parallel");
    await page.clickAndRelayout('.node[data-id="parallel:score_1"]');
    const foldedFitsOnly = ["load", "parallel:fit_1", "pick", "report", ...scores].sort();
    assert.deepEqual(await page.shownNodes(), foldedFitsOnly);
    await page.reload();
    await page.showGraph({ type: "graph", graph: twoSweeps() });
    assert.deepEqual(await page.shownNodes(), foldedFitsOnly, "the fits folded, the scores unfolded, as left");
    assert.equal(await page.page.textContent('.node[data-id="parallel:fit_1"] .label'), "▸ 6 parallel tasks");
    // Edited before the reload: the sweep has a 7th fit now, a set the user never folded.
    await page.reload();
    await page.showGraph({ type: "graph", graph: twoSweeps(["fit_7"]) });
    assert.deepEqual(await page.shownNodes(), ["load", ...fits, "fit_7", "pick", "report", ...scores].sort());
    assert.deepEqual(page.errors, []);
    await page.showGraph({ type: "graph", graph: trainingGraph });
  });

  it("still draws a DAG with a cycle, and says what is wrong with it", async () => {
    const cyclic = {
      ...trainingGraph,
      dag: "cyclic",
      edges: [...trainingGraph.edges, ["test", "data"] as [string, string]],
      problems: [{ code: "cycle" as const, severity: "error" as const, message: "Cycle: data → clean → features → train → test → data", related: [] }],
    };
    await page.showGraph({ type: "graph", graph: cyclic });
    assert.equal(await page.page.textContent("#message"), "1 problem: Cycle: data → clean → features → train → test → data");
    assert.equal(await page.page.locator(".node").count(), trainingGraph.nodes.length);
    assert.equal(await page.page.locator('.edge[data-from="test"][data-to="data"]').count(), 1);
  });

  it("lays out top down in a tall panel and left to right in a wide one", async () => {
    const spread = (): Promise<{ dx: number; dy: number; direction?: string }> =>
      page.page.evaluate(() => {
        const [data, test] = ["data", "test"].map((id) => document.querySelector(`.node[data-id="${id}"]`)!.getBoundingClientRect());
        return { dx: test!.x - data!.x, dy: test!.y - data!.y, direction: document.body.dataset.layoutDirection };
      });
    const wide = await spread();
    assert.equal(wide.direction, "RIGHT");
    assert.ok(wide.dx > 0 && Math.abs(wide.dy) < wide.dx, "wide: data is left of test");
    const seq = await page.layoutSeq();
    await page.page.setViewportSize({ width: 500, height: 900 });
    await page.waitForLayoutAfter(seq);
    const tall = await spread();
    assert.equal(tall.direction, "DOWN");
    assert.ok(tall.dy > 0 && Math.abs(tall.dx) < tall.dy, "tall: data is above test");
    await page.page.screenshot({ path: join(ARTEFACTS, "graph-tall-panel.png") });
    const back = await page.layoutSeq();
    await page.page.setViewportSize({ width: 1200, height: 800 });
    await page.waitForLayoutAfter(back);
  });

  it("shows an empty DAG as its warning, with nothing drawn", async () => {
    const empty = {
      ...trainingGraph,
      dag: "empty",
      nodes: [],
      edges: [],
      groups: [],
      problems: [{ code: "empty-dag" as const, severity: "warning" as const, message: "DAG 'empty' has no tasks.", related: [] }],
    };
    await page.showGraph({ type: "graph", graph: empty });
    assert.equal(await page.page.textContent("#message"), "1 problem: DAG 'empty' has no tasks.");
    assert.equal(await page.page.locator(".node").count(), 0);
  });

  it("pans by dragging the background, zooms with the wheel about the pointer, and fits back", async () => {
    const transform = (): Promise<{ x: number; y: number; k: number }> => viewTransform(page);
    await page.page.click("#fit");
    const fitted = await transform();
    await page.page.mouse.move(600, 700);
    await page.page.mouse.down();
    await page.page.mouse.move(500, 650, { steps: 4 });
    await page.page.mouse.up();
    const panned = await transform();
    assert.deepEqual([Math.round(panned.x - fitted.x), Math.round(panned.y - fitted.y), panned.k], [-100, -50, fitted.k]);
    const svgBox = (await page.page.locator("#graph").boundingBox())!;
    const [sx, sy] = [400, 300];
    const before = { x: (sx - svgBox.x - panned.x) / panned.k, y: (sy - svgBox.y - panned.y) / panned.k };
    await page.page.mouse.move(sx, sy);
    await page.page.mouse.wheel(0, -300);
    await page.page.waitForFunction((k) => !(document.getElementById("viewport")!.getAttribute("transform") ?? "").endsWith(`scale(${k})`), panned.k);
    const zoomed = await transform();
    assert.ok(zoomed.k > panned.k, "wheel up zooms in");
    const after = { x: (sx - svgBox.x - zoomed.x) / zoomed.k, y: (sy - svgBox.y - zoomed.y) / zoomed.k };
    assert.ok(Math.abs(after.x - before.x) < 0.5 && Math.abs(after.y - before.y) < 0.5, "the point under the pointer stays");
    await page.page.click("#fit");
    assert.deepEqual(await transform(), fitted);
  });

  it("focuses when the extension asks (a selector in a focus message)", async () => {
    const seq = await page.layoutSeq();
    await page.send({ type: "focus", selector: "+features" });
    await page.waitForLayoutAfter(seq);
    const shown = await page.shownNodes();
    assert.deepEqual(shown, ["clean", "data", "features"]);
    assert.equal(await page.page.inputValue("#focus"), "+features");
    await page.clickAndRelayout("#focus-clear");
  });

  it("selects a task and opens its details when the extension asks (a task clicked in the Runs or Experiments view)", async () => {
    await page.send({ type: "select", task: "train" });
    assert.equal(await page.page.textContent("#details h2"), "train");
    assert.match((await page.page.getAttribute('.node[data-id="train"]', "class"))!, /\bselected\b/);
    await page.page.click("#details .details-close");
  });

  it("exports a standalone SVG with every task and resolved colours", async () => {
    const before = (await page.posted()).length;
    await page.page.click("#export");
    const message = (await page.posted())[before];
    assert.ok(message && message.type === "export-svg", "an export-svg message is posted");
    assert.equal(message.dag, "training");
    assert.match(message.svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.doesNotMatch(message.svg, /var\(--/);
    for (const n of trainingGraph.nodes) assert.ok(message.svg.includes(`>${n.label}</text>`), `the SVG shows ${n.label}`);
    const parsed = await page.page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      return { error: doc.querySelector("parsererror")?.textContent ?? "", rects: doc.querySelectorAll("rect").length };
    }, message.svg);
    assert.equal(parsed.error, "");
    assert.ok(parsed.rects >= trainingGraph.nodes.length);
    // Kept as an artefact: the file as another program would show it.
    const viewer = await page.page.context().newPage();
    await viewer.setContent(message.svg);
    await viewer.screenshot({ path: join(ARTEFACTS, "graph-export.png") });
    await viewer.close();
  });

  it("runs under its strict CSP: no inline script without the nonce runs", async () => {
    const ran = await page.page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__inlineRan = true";
      document.body.appendChild(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    assert.equal(ran, false);
  });
});

describe("graph webview page: where ELK runs", function () {
  this.timeout(120_000);
  const pages: GraphPage[] = [];
  after(async () => {
    for (const p of pages) await p.close();
  });

  const drawnWith = async (page: GraphPage): Promise<{ nodes: number; engine?: string }> => {
    pages.push(page);
    await page.showGraph({ type: "graph", graph: trainingGraph });
    return page.page.evaluate(() => ({ nodes: document.querySelectorAll(".node").length, engine: document.body.dataset.layoutEngineUsed }));
  };

  it("lays out in a Web Worker by default", async () => {
    assert.deepEqual(await drawnWith(await GraphPage.open()), { nodes: trainingGraph.nodes.length, engine: "worker" });
  });

  it("lays out on the page when a worker may not start (a CSP without worker-src blob:)", async () => {
    const page = await GraphPage.open({ rewriteHtml: (html) => html.replace("worker-src blob:", "worker-src 'none'") });
    assert.deepEqual(await drawnWith(page), { nodes: trainingGraph.nodes.length, engine: "page" });
  });

  it("lays out on the page when asked to", async () => {
    assert.deepEqual(await drawnWith(await GraphPage.open({ layoutEngine: "page" })), { nodes: trainingGraph.nodes.length, engine: "page" });
  });

  describe("in the extension host (the panel's choice)", () => {
    let host: LayoutHost;
    before(async () => {
      host = new LayoutHost(await builtLayoutThread());
    });
    after(async () => {
      await host.dispose();
    });

    it("asks the extension host, and draws every task and edge of a big DAG from its answer", async () => {
      const page = await GraphPage.open({ layoutEngine: "host", hostLayout: answeredBy(host) });
      pages.push(page);
      const graph = { ...generatedGraph(300, 600, 7), dag: "host-big" };
      const before = host.layoutsRun;
      await page.showGraph({ type: "graph", graph });
      const drawn = await page.page.evaluate(() => ({
        nodes: document.querySelectorAll(".node").length,
        edges: document.querySelectorAll(".edge").length,
        engine: document.body.dataset.layoutEngineUsed,
        requests: (window as unknown as { __layoutRequests: number }).__layoutRequests,
        // Every edge drawn from the host's sections, not an empty path.
        emptyPaths: [...document.querySelectorAll(".edge")].filter((e) => !/^M[\d.-]+,[\d.-]+ L/.test(e.getAttribute("d") ?? "")).length,
      }));
      assert.deepEqual(drawn, { nodes: 300, edges: 600, engine: "host", requests: 1, emptyPaths: 0 });
      assert.equal(host.layoutsRun, before + 1, "the host ran ELK for it");
      assert.deepEqual(page.errors, []);
    });

    it("a new panel's first request is exactly the layout the extension starts when it sends the graph", async () => {
      const requests: string[] = [];
      const answer = answeredBy(host);
      const page = await GraphPage.open({
        size: { width: 600, height: 900 },
        layoutEngine: "host",
        hostLayout: (request) => (requests.push(JSON.stringify(request.graph)), answer(request)),
      });
      pages.push(page);
      const ready = (await page.posted())[0];
      assert.deepEqual(ready, { type: "ready", direction: "DOWN" }, "a tall panel lays out top down");
      const graph = { ...generatedGraph(200, 400, 11), dag: "first-input" };
      await page.showGraph({ type: "graph", graph });
      assert.equal(requests.length, 1);
      assert.equal(requests[0], JSON.stringify(firstLayoutInput(graph, "DOWN")));
      // After a focus is saved, a reloaded page says nothing of its first layout: it will not be the whole DAG.
      await page.focus("+task_50");
      await page.reload();
      assert.deepEqual((await page.posted()).at(-1), { type: "ready" });
    });

    it("a second panel showing the same DAG gets the host's kept layout, without running ELK again", async () => {
      const page = await GraphPage.open({ layoutEngine: "host", hostLayout: answeredBy(host) });
      pages.push(page);
      const before = host.layoutsRun;
      await page.showGraph({ type: "graph", graph: { ...generatedGraph(300, 600, 7), dag: "host-big" } });
      assert.equal(await page.page.evaluate(() => document.querySelectorAll(".node").length), 300);
      assert.equal(host.layoutsRun, before);
    });

    it("goes on with its own Web Worker when the host cannot lay out (its thread does not start)", async () => {
      const broken = new LayoutHost(join(__dirname, "no-such-layout-thread.js"));
      const page = await GraphPage.open({ layoutEngine: "host", hostLayout: answeredBy(broken) });
      assert.deepEqual(await drawnWith(page), { nodes: trainingGraph.nodes.length, engine: "worker" });
      assert.equal(await page.page.evaluate(() => (window as unknown as { __layoutRequests: number }).__layoutRequests), 1, "asked the host once, then stopped");
      await broken.dispose();
    });
  });
});

describe("graph webview page: a graph embedded in the page", function () {
  this.timeout(120_000);
  let page: GraphPage | undefined;
  after(async () => {
    await page?.close();
  });

  it("draws the embedded graph before any message arrives", async () => {
    page = await GraphPage.open({ initial: trainingGraph });
    await page.waitForLayoutAfter(0);
    assert.deepEqual(await page.shownNodes(), trainingGraph.nodes.map((n) => n.label).sort());
    assert.deepEqual(page.errors, []);
  });
});
