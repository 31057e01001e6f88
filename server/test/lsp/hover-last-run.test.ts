// Hover shows the last run's status (DESIGN §5), read from the run folder a real `gluepy dag` run
// leaves: the built CLI runs the fixture's DAG with one failing task, then the editor hovers.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HoverRequest, type Hover } from "vscode-languageserver-protocol";
import { REPO_ROOT } from "../support/build-server";
import { LspSession } from "../support/lsp-session";
import { hoverText } from "../support/lsp-answers";
import { serveFixture } from "../support/fixture-workspace";
import { positionOf } from "../support/text-positions";

const CLI = join(REPO_ROOT, "dist/runtime/cli.js");

/** Makes 'train' throw, then runs the DAG with the built CLI: a real run folder with a failed run. */
function runWithFailingTask(root: string): void {
  if (!existsSync(CLI)) spawnSync(process.execPath, ["esbuild.config.mjs"], { cwd: REPO_ROOT, stdio: "inherit" });
  const tasks = join(root, "src/tasks.ts");
  writeFileSync(tasks, readFileSync(tasks, "utf8").replace('static label = "train";\n  async run() {}', 'static label = "train";\n  async run() {\n    throw new Error("no data");\n  }'));
  const run = spawnSync(process.execPath, [CLI, "dag", "training", "--json"], { cwd: root, encoding: "utf8", timeout: 45_000 });
  assert.equal(run.status, 1, `gluepy dag training should fail on 'train' (exit 1):\n${run.stderr}`);
}

describe("hover with the last run's status (fixture: basic, run by the real CLI)", function () {
  this.timeout(60_000);
  let lsp!: LspSession;
  serveFixture("basic", (session) => (lsp = session), { open: ["src/tasks.ts", "src/dags.ts"], prepare: runWithFailingTask });

  before(async () => {
    await lsp.waitForDiagnostics("src/dags.ts");
  });

  async function hoverOn(rel: string, needle: string): Promise<string> {
    const hover = await lsp.request<Hover | null>(HoverRequest.method, { textDocument: { uri: lsp.uri(rel) }, position: positionOf(lsp.text(rel), needle, 0, 1) });
    return hoverText(hover);
  }

  it("a task that failed in the last run shows 'failed'", async () => {
    assert.match(await hoverOn("src/tasks.ts", "TrainTask"), /failed/i);
  });

  it("a task that succeeded shows 'succeeded', one skipped after the failure shows 'skipped'", async () => {
    assert.match(await hoverOn("src/tasks.ts", "DataTask"), /succeeded/i);
    assert.match(await hoverOn("src/tasks.ts", "ReportTask"), /skipped/i);
  });

  it("the DAG shows its last run failed", async () => {
    assert.match(await hoverOn("src/dags.ts", "TrainingDAG"), /failed/i);
  });
});
