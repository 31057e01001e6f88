// Requests that arrive while the server is still indexing a big workspace (an editor asks at once): they
// are answered from what is indexed so far, before the index is done, never queued behind all of it; when
// the index is done, the answers cover the whole workspace.

import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CodeLensRequest, type CodeLens } from "vscode-languageserver-protocol";
import { Commands, DagGraphRequest, DagListRequest, type DagListResult } from "../../../shared/protocol";
import { generateWorkspace, ISSUE_SHAPE, type GeneratedWorkspace } from "../support/generated-workspace";
import { LspSession } from "../support/lsp-session";
import { removeWorkspace } from "../support/fixture-workspace";

const INDEX_TIMEOUT_MS = 120_000;

interface ProgressParams {
  token: unknown;
  value: { kind: "begin" | "report" | "end"; title?: string };
}

describe("requests during the cold index (generated workspace: 10,000 files, 1,000 DAGs, 8,000 tasks)", function () {
  this.timeout(180_000);
  let ws: GeneratedWorkspace;
  let lsp: LspSession | undefined;

  before(() => {
    ws = generateWorkspace(mkdtempSync(join(tmpdir(), "gluepy-lsv-startup-")), ISSUE_SHAPE);
  });
  after(async () => {
    await lsp?.close();
    removeWorkspace(ws.root);
  });

  /** Sends a request; resolves with the answer, the notification count when it arrived, and how long it took. */
  async function timed<R>(session: LspSession, method: string, params: unknown): Promise<{ answer: R; seq: number; ms: number }> {
    const sent = performance.now();
    const answer = await session.request<R>(method, params, INDEX_TIMEOUT_MS);
    return { answer, seq: session.mark, ms: performance.now() - sent };
  }

  it("answers a request sent right after initialized before the index is done, then from the whole index", async () => {
    const session = (lsp = await LspSession.start(ws.root, { progress: true }));
    const lastDag = ws.dagFiles[ws.dagFiles.length - 1]!;
    await session.open(lastDag);
    const [list, lenses] = await Promise.all([
      timed<DagListResult>(session, DagListRequest.method, {}),
      timed<CodeLens[]>(session, CodeLensRequest.method, { textDocument: { uri: session.uri(lastDag) } }),
    ]);
    const end = await session.waitForNotification<ProgressParams>("$/progress", (p) => p.value.kind === "end", { timeoutMs: INDEX_TIMEOUT_MS });
    const endSeq = session.notifications.find((n) => n.method === "$/progress" && (n.params as ProgressParams).value === end.value)!.seq;
    const begin = session.notifications.find((n) => n.method === "$/progress" && (n.params as ProgressParams).value.kind === "begin");
    assert.match((begin?.params as ProgressParams | undefined)?.value.title ?? "", /indexing/, "the index shows as progress");
    console.log(`      (gluepy/dags answered in ${Math.round(list.ms)} ms with ${list.answer.dags.length} of 1,000 DAGs; code lenses in ${Math.round(lenses.ms)} ms)`);
    assert.ok(list.seq < endSeq, "gluepy/dags was answered only after the whole index was done");
    assert.ok(lenses.seq < endSeq, "code lenses were answered only after the whole index was done");
    // The open file is indexed as soon as it is opened: its lenses are there before the rest.
    assert.ok(lenses.answer.some((l) => l.command?.command === Commands.runDag && l.command.arguments?.[0] === "dag_999"));

    const [graph, whole] = await Promise.all([
      session.request(DagGraphRequest, { label: "dag_999" }),
      session.request(DagListRequest, {}),
    ]);
    assert.ok(graph, "dag_999 unknown after the index was done");
    assert.deepEqual(graph.problems, []);
    assert.equal(graph.nodes.length, 9);
    assert.equal(whole.dags.length, 1000);
    assert.equal(whole.tasks.length, 8000);
    assert.deepEqual(whole.tasks.find((t) => t.label === "task_0")?.dags.sort(), ["dag_0", "dag_1", "dag_2", "dag_3", "dag_4"]);
  });
});
