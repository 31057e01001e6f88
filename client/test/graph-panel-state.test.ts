// A graph panel restored after a window reload reopens the DAG its page saved, and nothing from a state
// that names none; the activation event matches the panels' view type.

import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { GRAPH_VIEW_TYPE, savedDagOf } from "../src/graph-panel-state";
import type { SavedView } from "../../shared/webview-protocol";

describe("graph panel restore", () => {
  it("reads the DAG from the view state the page saves", () => {
    const saved: SavedView = { dag: "training", focus: "+train", collapsed: ["features"] };
    assert.equal(savedDagOf(saved), "training");
  });

  it("names no DAG for a missing or malformed state", () => {
    for (const state of [undefined, null, "training", 42, {}, { dag: "" }, { dag: 7 }, { focus: "x" }]) {
      assert.equal(savedDagOf(state), undefined, JSON.stringify(state));
    }
  });

  it("activates the extension for a panel of its view type", () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, "..", "..", "package.json"), "utf8")) as { activationEvents: string[] };
    assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${GRAPH_VIEW_TYPE}`), manifest.activationEvents.join(", "));
  });
});
