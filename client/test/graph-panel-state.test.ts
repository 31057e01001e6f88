// Which graph a panel shows (issue 15 item 5: labels are unique per project, not per workspace): two
// projects of a monorepo share a DAG label, and each panel asks the real language server for its own
// project's graph, gets only its own project's run events, and comes back after a reload as the same panel.
// A panel restored from a state that names no DAG reopens nothing; the activation event matches the view type.

import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DagGraphRequest, type DagGraphResult } from "../../shared/protocol";
import type { SavedView } from "../../shared/webview-protocol";
import { serveFixture } from "../../server/test/support/fixture-workspace";
import type { LspSession } from "../../server/test/support/lsp-session";
import { EXPERIMENTS_VIEW_TYPE } from "../src/experiments-page-html";
import { GRAPH_VIEW_TYPE, graphPanelKey, graphParams, isShownBy, savedTargetOf, type GraphTarget } from "../src/graph-panel-state";

describe("graph panels of two projects sharing a DAG label (fixture: monorepo with forecast/ and churn/, real language server)", function () {
  this.timeout(30_000);
  let lsp: LspSession;
  serveFixture("monorepo", (s) => (lsp = s));
  const target = (name: string): GraphTarget => ({ dag: "training", project: path.join(lsp.root, name) });

  before(() => lsp.waitForDiagnostics("forecast/src/dags.ts"));

  it("each panel shows its own project's graph, and its saved view reopens that same panel", async () => {
    const [forecast, churn] = [target("forecast"), target("churn")];
    assert.notEqual(graphPanelKey(forecast), graphPanelKey(churn), "one panel each");
    const shown = async (t: GraphTarget) => (await lsp.request(DagGraphRequest, graphParams(t))) as DagGraphResult;
    const [forecastGraph, churnGraph] = [await shown(forecast), await shown(churn)];
    assert.deepEqual(forecastGraph?.nodes.map((n) => n.label), ["prep", "data", "train", "default"]);
    assert.deepEqual(churnGraph?.nodes.map((n) => n.label), ["data", "score"]);
    for (const [t, graph] of [[forecast, forecastGraph], [churn, churnGraph]] as const) {
      // What the page saves from the graph it was sent (media/src/graph-controller.ts savedView).
      const saved: SavedView = { dag: graph!.dag, project: graph!.project, focus: "", collapsed: [] };
      assert.equal(graphPanelKey(savedTargetOf(saved)!), graphPanelKey(t), `${t.project}: restored as the same panel`);
    }
  });

  it("a run's events go to its project's panel only; an index change naming the label refreshes both", () => {
    const [forecast, churn] = [target("forecast"), target("churn")];
    assert.equal(isShownBy(forecast, "training", churn.project), false);
    assert.equal(isShownBy(churn, "training", churn.project), true);
    assert.equal(isShownBy(churn, "scoring", churn.project), false);
    assert.ok(isShownBy(forecast, "training") && isShownBy(churn, "training"));
  });
});

describe("graph panel restore", () => {
  it("reads the DAG and its project from the view state the page saves; a state saved before projects names the DAG only", () => {
    const saved: SavedView = { dag: "training", project: "/ws/forecast", focus: "+train", collapsed: ["features"] };
    assert.deepEqual(savedTargetOf(saved), { dag: "training", project: "/ws/forecast" });
    assert.deepEqual(savedTargetOf({ dag: "training", focus: "", collapsed: [] }), { dag: "training" });
    assert.deepEqual(graphParams({ dag: "training" }), { label: "training" });
  });

  it("names no DAG for a missing or malformed state", () => {
    for (const state of [undefined, null, "training", 42, {}, { dag: "" }, { dag: 7 }, { focus: "x" }]) {
      assert.equal(savedTargetOf(state), undefined, JSON.stringify(state));
    }
  });

  it("activates the extension for a panel of its view type, and for the Experiments panel's (VS Code restores a panel after a reload only then)", () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, "..", "..", "package.json"), "utf8")) as { activationEvents: string[] };
    for (const viewType of [GRAPH_VIEW_TYPE, EXPERIMENTS_VIEW_TYPE]) assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${viewType}`), manifest.activationEvents.join(", "));
  });
});
