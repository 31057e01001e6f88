// The extension host's layout engine: ELK on a real worker thread (the bundle the extension starts).

import { strict as assert } from "node:assert";
import { once } from "node:events";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import { answerLayout, LayoutHost, LayoutThreadError, warmUpSizes } from "../src/layout/host";
import { AHEAD_DAGS, AHEAD_MAX_TASKS, dagsToLayOutAhead } from "../src/layout/ahead";
import type { DagSummary } from "../../shared/protocol";
import { compactLayout } from "../src/layout/compact";
import { toElkGraph } from "../../shared/layout/elk-graph";
import { buildViewGraph } from "../../shared/layout/shown-graph";
import { generatedGraph, trainingGraph } from "../../shared/test/sample-graphs";
import { builtLayoutThread } from "./support/layout-thread";

const elkGraph = (nodes: number, edges: number, seed = 1): ElkNode => toElkGraph(buildViewGraph(generatedGraph(nodes, edges, seed)));

/** Every shape by id, nested ones included. */
function shapes(root: ElkNode): Map<string, ElkNode> {
  const out = new Map<string, ElkNode>();
  const walk = (n: ElkNode): void => n.children?.forEach((c) => (out.set(c.id, c), walk(c)));
  walk(root);
  return out;
}

describe("layout host: ELK on a worker thread of the extension host", function () {
  this.timeout(60_000);
  let host: LayoutHost;
  beforeEach(async () => {
    host = new LayoutHost(await builtLayoutThread());
  });
  afterEach(async () => {
    await host.dispose();
  });

  it("lays a DAG out: every task placed without overlaps, every edge with its route", async () => {
    const laid = await host.layout(elkGraph(60, 120));
    const placed = [...shapes(laid).values()];
    assert.equal(placed.length, 60);
    for (const n of placed) assert.ok(Number.isFinite(n.x) && Number.isFinite(n.y) && n.width! > 0, `${n.id} placed`);
    for (const [i, a] of placed.entries()) {
      for (const b of placed.slice(i + 1)) {
        const apart = a.x! + a.width! <= b.x! || b.x! + b.width! <= a.x! || a.y! + a.height! <= b.y! || b.y! + b.height! <= a.y!;
        assert.ok(apart, `${a.id} and ${b.id} overlap`);
      }
    }
    const edges = laid.edges as ElkExtendedEdge[];
    assert.equal(edges.length, 120);
    for (const e of edges) assert.ok(e.sections?.[0]?.startPoint && e.sections[0].endPoint, `${e.id} routed`);
  });

  it("lays sub-DAGs out as groups around their tasks", async () => {
    const laid = await host.layout(toElkGraph(buildViewGraph(trainingGraph)));
    const byId = shapes(laid);
    const prep = byId.get("group:prep") ?? [...byId.values()].find((n) => n.id.includes("prep") && n.children?.length);
    assert.ok(prep, `a group for prep among ${[...byId.keys()].join(", ")}`);
    const clean = byId.get("clean")!;
    assert.ok(clean.x! >= prep.x! && clean.x! + clean.width! <= prep.x! + prep.width!, "clean is inside prep");
  });

  it("says why ELK refuses a graph, and lays the next one out", async () => {
    const bad: ElkNode = { id: "root", children: [{ id: "a", width: 10, height: 10 }], edges: [{ id: "e", sources: ["a"], targets: ["nowhere"] }] };
    await assert.rejects(host.layout(bad), (e: Error) => !(e instanceof LayoutThreadError) && /nowhere/.test(e.message));
    assert.equal(shapes(await host.layout(elkGraph(10, 12))).size, 10);
  });

  it("answers the panel's request with the layout, or the error and whether the page must lay out by itself", async () => {
    const ok = await answerLayout(host, 4, elkGraph(5, 4));
    assert.ok(ok.type === "layout-result" && ok.id === 4 && "graph" in ok);
    const refused = await answerLayout(host, 5, { id: "r", edges: [{ id: "e", sources: ["x"], targets: ["y"] }] });
    assert.ok("error" in refused && refused.id === 5 && refused.engineFailed === false, JSON.stringify(refused));
    const missing = new LayoutHost(join(__dirname, "no-such-thread.js"));
    const failed = await answerLayout(missing, 6, elkGraph(5, 4));
    assert.ok("error" in failed && failed.engineFailed === true, JSON.stringify(failed));
    await missing.dispose();
  });

  it("keeps a layout: the same graph again does not run ELK", async () => {
    const first = await host.layout(elkGraph(40, 80, 3));
    const again = await host.layout(elkGraph(40, 80, 3));
    assert.equal(again, first);
    assert.equal(host.layoutsRun, 1);
  });

  it("a request for a graph already being laid out waits for that layout (the extension starts a panel's first one)", async () => {
    const graph = elkGraph(200, 400, 5);
    const [a, b] = await Promise.all([host.layout(graph), host.layout(structuredClone(graph))]);
    assert.equal(a, b);
    assert.equal(host.layoutsRun, 1);
    // A refused graph is not kept: asked again, ELK runs again.
    const bad: ElkNode = { id: "r", edges: [{ id: "e", sources: ["x"], targets: ["y"] }] };
    await assert.rejects(host.layout(bad));
    await assert.rejects(host.layout(bad));
    assert.equal(host.layoutsRun, 3);
  });

  it("a panel's layout goes before the warm-up layouts still to do", async () => {
    const order: string[] = [];
    const warm = host.warmUp([300, 300, 300]).then((ms) => {
      order.push("warm-up");
      return ms;
    });
    await host.layout(elkGraph(8, 8)).then(() => order.push("layout"));
    const ms = await warm;
    assert.deepEqual(order, ["layout", "warm-up"]);
    // The warm-up ran on the thread (it reports how long the three layouts took) and is not a caller's layout.
    assert.ok(Number.isFinite(ms) && ms > 0, `warm-up took ${ms} ms`);
    assert.equal(host.layoutsRun, 1);
    // Nothing to warm up: settles at once.
    assert.equal(await host.warmUp([]), 0);
  });

  it("a DAG laid out ahead is the layout a panel then gets, with no ELK run of its own", async () => {
    const laid = await host.layOutAhead(elkGraph(200, 400, 7));
    assert.equal(await host.layout(elkGraph(200, 400, 7)), laid);
    assert.equal(host.layoutsRun, 0);
  });

  it("a panel's layout goes before the layouts ahead still to do, and a panel asking for one of them moves it first", async () => {
    const order: string[] = [];
    const ahead = [1, 2, 3, 4].map((seed) => host.layOutAhead(elkGraph(300, 600, seed)).then(() => order.push(`ahead ${seed}`)));
    await host.layout(elkGraph(8, 8)).then(() => order.push("panel"));
    // Ahead 1 may have started before the panel's request arrived: ELK cannot be stopped mid-layout.
    assert.deepEqual(order.filter((o) => o !== "ahead 1"), ["panel"]);
    // By now ahead 2 is under way (started when the panel's layout ended); 4 is asked for and goes before 3.
    await host.layout(elkGraph(300, 600, 4)).then(() => order.push("panel asks for 4"));
    await Promise.all(ahead);
    assert.ok(order.indexOf("ahead 4") < order.indexOf("ahead 3"), `4 was moved before 3: ${order.join(", ")}`);
    assert.equal(host.layoutsRun, 1);
  });

  it("a thread that dies fails the layouts under way, and the next layout starts a new one", async () => {
    const pending = host.layout(elkGraph(500, 1000, 2));
    const thread = (host as unknown as { thread: Worker }).thread;
    // Killed once it runs (it has the request), not before it started.
    await once(thread, "online");
    await thread.terminate();
    await assert.rejects(pending, (e: Error) => e instanceof LayoutThreadError && /the layout thread stopped/.test(e.message));
    assert.equal(shapes(await host.layout(elkGraph(12, 15))).size, 12);
  });

  it("after dispose, refuses layouts instead of starting a thread", async () => {
    await host.dispose();
    await assert.rejects(host.layout(elkGraph(3, 2)), LayoutThreadError);
  });
});

describe("layout host: DAGs laid out ahead", () => {
  const dag = (label: string, taskCount: number, uri = "file:///p/src/dags.ts"): DagSummary => ({
    label,
    className: `${label}DAG`,
    problems: [],
    project: "/p",
    taskCount,
    location: { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } },
  });

  it("lays out the open file's big DAGs first, then the largest; never small ones or ones over the cap", () => {
    const dags = [dag("small", 150), dag("mid", 400), dag("huge", AHEAD_MAX_TASKS + 1), dag("big", 1200), dag("open", 300, "file:///p/src/open.ts"), dag("max", AHEAD_MAX_TASKS)];
    assert.equal(AHEAD_DAGS, 2);
    assert.deepEqual(dagsToLayOutAhead(dags, "file:///p/src/open.ts").map((d) => d.label), ["open", "max"]);
    assert.deepEqual(dagsToLayOutAhead(dags, undefined).map((d) => d.label), ["max", "big"]);
    assert.deepEqual(dagsToLayOutAhead([dag("small", 100)], undefined), []);
  });
});

describe("layout host: warm-up sizes", () => {
  it("small DAGs need one small layout; big ones four at their size, capped at 500 tasks", () => {
    assert.deepEqual(warmUpSizes(0), [60]);
    assert.deepEqual(warmUpSizes(150), [60]);
    assert.deepEqual(warmUpSizes(200), [60, 200, 200, 200, 200]);
    assert.deepEqual(warmUpSizes(10_000), [60, 500, 500, 500, 500]);
  });
});

describe("layout host: what crosses to the page", () => {
  it("keeps ids, positions, sizes and edge routes, rounded to a tenth of a pixel; drops the rest", () => {
    const laid = {
      id: "root",
      x: 0,
      y: 0,
      width: 300.123456,
      height: 100,
      layoutOptions: { "elk.algorithm": "layered" },
      children: [{ id: "a", x: 12.3456, y: 7.04, width: 150, height: 44, labels: [], ports: [], layoutOptions: {} }],
      edges: [
        {
          id: "e0",
          sources: ["a"],
          targets: ["b"],
          container: "root",
          sections: [{ id: "s0", startPoint: { x: 1.26, y: 2 }, endPoint: { x: 9, y: 9.99 }, bendPoints: [{ x: 5.55, y: 2 }], incomingShape: "a", outgoingShape: "b" }],
        },
      ],
    } as unknown as ElkNode;
    assert.deepEqual(compactLayout(laid), {
      id: "root",
      x: 0,
      y: 0,
      width: 300.1,
      height: 100,
      children: [{ id: "a", x: 12.3, y: 7, width: 150, height: 44 }],
      edges: [{ id: "e0", sources: ["a"], targets: ["b"], sections: [{ startPoint: { x: 1.3, y: 2 }, endPoint: { x: 9, y: 10 }, bendPoints: [{ x: 5.6, y: 2 }] }] }],
    });
  });
});
