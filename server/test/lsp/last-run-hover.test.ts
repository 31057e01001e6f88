// The hover's "Last run" line over real LSP: it comes from the runs the client sends (gluepy/runsListed,
// what `gluepy runs --json` reported for the project), not from run folders the server would read.

import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HoverRequest, type Hover } from "vscode-languageserver-protocol";
import { RunsListedNotification } from "../../../shared/protocol";
import type { RunSummary } from "../../../shared/run-summary";
import { hoverText } from "../support/lsp-answers";
import { serveFixture } from "../support/fixture-workspace";
import type { LspSession } from "../support/lsp-session";
import { positionOf } from "../support/text-positions";

const DAGS = "src/dags.ts";

describe("hover's last run, from the runs the client lists (fixture: basic)", function () {
  this.timeout(30_000);
  let lsp!: LspSession;
  // A run folder on disk under the default root that says "succeeded": the server must not read it.
  serveFixture("basic", (session) => (lsp = session), {
    open: [DAGS],
    prepare: (root) => {
      const dir = join(root, "data", "runs", "2026", "12", "01", "disk-run", ".gluepy");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "state.json"), JSON.stringify({ runId: "disk-run", dag: "training", status: "succeeded", tasks: {} }));
    },
  });

  const hoverOn = async (needle: string) =>
    hoverText(await lsp.request<Hover | null>(HoverRequest.method, { textDocument: { uri: lsp.uri(DAGS) }, position: positionOf(lsp.text(DAGS), needle, 0, 2) }));

  it("says none until the client lists runs, then the newest run of the DAG and a task's own status", async () => {
    await lsp.waitForDiagnostics(DAGS);
    assert.match(await hoverOn("TrainingDAG"), /Last run: none/);
    const runs: RunSummary[] = [
      { runId: "r2", runFolder: "runs/2026/12/04/r2", dag: "training", status: "failed", startedAt: "2026-12-04T10:00:00Z", tasks: { data: "succeeded", train: "failed" }, metrics: {}, params: {} },
      { runId: "r1", runFolder: "runs/2026/12/03/r1", dag: "training", status: "succeeded", startedAt: "2026-12-03T10:00:00Z", tasks: { data: "succeeded", train: "succeeded" }, metrics: {}, params: {} },
    ];
    await lsp.connection.sendNotification(RunsListedNotification, { project: lsp.root, runs });
    assert.match(await hoverOn("TrainingDAG"), /Last run: failed \(r2\)/);
    assert.match(await hoverOn("TrainTask,"), /Last run: failed in `training` \(r2\)/);
  });
});
