// Changes made outside the editor: the server asks a capable client to watch files, and watches the
// disk itself when the client cannot (Neovim 0.7 has no file watcher), fixture: basic.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { LspSession } from "../support/lsp-session";
import { copyFixture, removeWorkspace } from "../support/fixture-workspace";
import { textAt } from "../support/text-positions";

describe("file watching (fixture: basic)", function () {
  this.timeout(30_000);
  const roots: string[] = [];
  const sessions: LspSession[] = [];

  after(async () => {
    for (const s of sessions) await s.close();
    for (const r of roots) removeWorkspace(r);
  });

  async function start(clientWatchesFiles: boolean): Promise<LspSession> {
    const root = copyFixture("basic");
    roots.push(root);
    const lsp = await LspSession.start(root, { clientWatchesFiles });
    sessions.push(lsp);
    assert.deepEqual(await lsp.waitForDiagnostics("src/dags.ts"), []);
    return lsp;
  }

  it("asks a client that can watch files to watch the workspace's TypeScript, tsconfig and label files", async () => {
    const lsp = await start(true);
    const registration = await lsp.waitFor(
      () =>
        lsp.serverRequests
          .filter((r) => r.method === "client/registerCapability")
          .flatMap((r) => (r.params as { registrations: { method: string; registerOptions?: { watchers?: { globPattern: unknown }[] } }[] }).registrations)
          .find((r) => r.method === "workspace/didChangeWatchedFiles"),
      10_000,
      () => `a workspace/didChangeWatchedFiles registration; server requests: ${JSON.stringify(lsp.serverRequests)}`,
    );
    const globs = JSON.stringify(registration.registerOptions?.watchers?.map((w) => w.globPattern));
    assert.match(globs, /ts/);
    assert.match(globs, /tsconfig|json/);
  });

  it("without a client watcher, sees a file changed on disk by itself and re-checks the DAG that imports it", async () => {
    const lsp = await start(false);
    const original = lsp.text("src/tasks.ts");
    let mark = lsp.mark;
    writeFileSync(lsp.path("src/tasks.ts"), original.replace("class ReportTask", "class ReportStep"));
    // The watcher may fire mid-write (a half-written file for a moment): wait for the settled state.
    const names = (d: Diagnostic[]) => d.map((x) => textAt(lsp.text("src/dags.ts"), x.range)).join(",");
    const red = await lsp.waitForDiagnostics("src/dags.ts", (d) => names(d) === "ReportTask", { after: mark });
    assert.deepEqual(red.map((d) => d.code), ["unknown-task"]);
    mark = lsp.mark;
    writeFileSync(lsp.path("src/tasks.ts"), original);
    assert.deepEqual(await lsp.waitForDiagnostics("src/dags.ts", (d) => d.length === 0, { after: mark }), []);
  });
});
