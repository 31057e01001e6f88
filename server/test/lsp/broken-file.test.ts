// A syntactically broken file next to good ones: the rest of the workspace is still indexed and
// checked, and the server stays alive and answers, on disk and while the user types into it.

import assert from "node:assert/strict";
import { DocumentSymbolRequest, HoverRequest } from "vscode-languageserver-protocol";
import { DagGraphRequest, DagListRequest } from "../../../shared/protocol";
import { LspSession } from "../support/lsp-session";
import { serveFixture } from "../support/fixture-workspace";
import { positionOf } from "../support/text-positions";

describe("a broken file next to good ones (fixture: broken)", function () {
  this.timeout(30_000);
  let lsp!: LspSession;
  serveFixture("broken", (session) => (lsp = session));

  it("still indexes and checks the good files", async () => {
    assert.deepEqual(await lsp.waitForDiagnostics("src/dags.ts"), []);
    const graph = await lsp.request(DagGraphRequest, { label: "training" });
    assert.deepEqual(graph?.nodes.map((n) => n.label), ["data", "train", "reporttask"]);
    const list = await lsp.request(DagListRequest, {});
    assert.ok(list.dags.some((d) => d.label === "training"));
  });

  it("answers requests on the broken file itself", async () => {
    const rel = "src/broken.ts";
    await lsp.open(rel);
    const text = lsp.text(rel);
    await lsp.request(HoverRequest.method, { textDocument: { uri: lsp.uri(rel) }, position: positionOf(text, "HalfTyped") });
    const symbols = await lsp.request<unknown[] | null>(DocumentSymbolRequest.method, { textDocument: { uri: lsp.uri(rel) } });
    assert.ok(symbols === null || Array.isArray(symbols));
    assert.ok(lsp.alive);
  });

  it("survives typing a half-written class with unbalanced brackets, then recovers when it is fixed", async () => {
    const rel = "src/dags.ts";
    await lsp.open(rel);
    const good = lsp.text(rel);
    for (let cut = good.length; cut > good.indexOf("static tasks"); cut -= 7) {
      await lsp.change(rel, good.slice(0, cut) + "\nexport class Half extends DAG { static tasks = [DataTask, (");
    }
    await lsp.change(rel, good);
    // The server may skip re-publishing an unchanged (empty) list, so wait for the state, not a new message.
    assert.deepEqual(await lsp.waitForDiagnostics(rel, (d) => d.length === 0), []);
    const graph = await lsp.request(DagGraphRequest, { label: "training" });
    assert.equal(graph?.nodes.length, 3);
    assert.ok(lsp.alive);
  });
});
