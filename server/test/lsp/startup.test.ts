// Requests that arrive while the server is still indexing (an editor asks at once): they are answered
// from the complete index, never from a half-built one.

import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DagGraphRequest, DagListRequest, type DagGraphResult, type DagListResult } from "../../../shared/protocol";
import { generateWorkspace } from "../support/generated-workspace";
import { LspSession } from "../support/lsp-session";
import { removeWorkspace } from "../support/fixture-workspace";

describe("requests during the cold index (generated workspace: 200 DAGs, 1,600 tasks)", function () {
  this.timeout(60_000);
  let root: string;
  let lsp: LspSession;

  before(() => {
    root = mkdtempSync(join(tmpdir(), "gluepy-lsv-startup-"));
    generateWorkspace(root, { dags: 200, tasksPerDag: 8, helpers: 50, shareGroup: 5 });
  });
  after(async () => {
    await lsp?.close();
    removeWorkspace(root);
  });

  it("answers gluepy/graph and gluepy/dags sent right after initialized with the whole index", async () => {
    lsp = await LspSession.start(root);
    const [graph, list] = await Promise.all([
      lsp.request<DagGraphResult>(DagGraphRequest, { label: "dag_199" }, 30_000),
      lsp.request<DagListResult>(DagListRequest, {}, 30_000),
    ]);
    assert.ok(graph, "dag_199 unknown: answered from a partial index");
    assert.deepEqual(graph.problems, []);
    assert.equal(graph.nodes.length, 9);
    assert.equal(list.dags.length, 200);
    assert.equal(list.tasks.length, 1600);
    assert.deepEqual(list.tasks.find((t) => t.label === "task_0")?.dags.sort(), ["dag_0", "dag_1", "dag_2", "dag_3", "dag_4"]);
  });
});
