// The server process as an editor runs it: both transports it offers (stdio, Node IPC), a clean exit
// after shutdown, and no orphan left behind when the editor goes away without saying so.

import assert from "node:assert/strict";
import { ExitNotification, ShutdownRequest } from "vscode-languageserver-protocol";
import { LspSession } from "../support/lsp-session";
import { copyFixture, removeWorkspace } from "../support/fixture-workspace";

describe("server lifecycle and transports (fixture: diagnostics)", function () {
  this.timeout(30_000);
  let root: string;
  const sessions: LspSession[] = [];

  before(() => {
    root = copyFixture("diagnostics");
  });
  after(async () => {
    for (const s of sessions) {
      await s.close();
      if (s.alive) s.child.kill("SIGKILL");
    }
    removeWorkspace(root);
  });

  async function start(transport: "stdio" | "node-ipc"): Promise<LspSession> {
    const lsp = await LspSession.start(root, { transport });
    sessions.push(lsp);
    return lsp;
  }

  it("speaks over Node IPC (--node-ipc) as over stdio: the same diagnostics", async () => {
    const stdio = await start("stdio");
    const ipc = await start("node-ipc");
    for (const rel of ["src/cycle.ts", "src/unknown-task.ts", "src/dup-one.ts"]) {
      const [a, b] = await Promise.all([stdio.waitForDiagnostics(rel, (d) => d.length > 0), ipc.waitForDiagnostics(rel, (d) => d.length > 0)]);
      assert.deepEqual(b, a, rel);
    }
  });

  it("exits with code 0 after shutdown and exit", async () => {
    const lsp = await start("stdio");
    await lsp.waitForDiagnostics("src/cycle.ts", (d) => d.length > 0);
    await lsp.request(ShutdownRequest.method, undefined);
    await lsp.connection.sendNotification(ExitNotification.type);
    assert.equal(await lsp.waitForExit(5000), 0);
  });

  it("exits when the editor closes its end of stdio without shutting it down", async () => {
    const lsp = await start("stdio");
    await lsp.waitForDiagnostics("src/cycle.ts", (d) => d.length > 0);
    lsp.child.stdin!.end();
    await lsp.waitForExit(5000);
  });
});
