// In an untrusted workspace the extension runs nothing: "Gluepy: Run DAG" says why, and no run starts.

import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { startCodeServer, type CodeServer } from "./support/code-server";
import { packagedVsix } from "./support/vsix";
import { copyExample, type ProjectCopy } from "./support/project";
import { codeLens, openFile, openWorkbench, runCommand, screenshot, waitForNotification, type Workbench } from "./support/workbench";

describe("extension in an untrusted workspace (real VS Code)", function () {
  this.timeout(240_000);
  let server: CodeServer;
  let project: ProjectCopy;
  let bench: Workbench;

  before(async () => {
    project = copyExample();
    server = await startCodeServer({ vsix: packagedVsix(), trust: true });
    bench = await openWorkbench(server.url, project.dir);
  });

  after(async () => {
    await bench?.close();
    await server?.stop();
    project?.remove();
  });

  it("disables running with a message that says why, and starts no run", async () => {
    await runCommand(bench.page, "Gluepy: Run DAG");
    const text = await waitForNotification(bench.page, /not trusted/);
    await screenshot(bench.page, "untrusted-run-disabled");
    assert.match(text, /running DAGs is disabled because this workspace is not trusted/);
    assert.equal(existsSync(path.join(project.dir, "data", "runs")), false, "a run folder was created in an untrusted workspace");
  });

  it("still indexes the project (the server only parses): the lenses appear, and Run DAG from a lens is refused too", async () => {
    await openFile(bench.page, "src/dags.ts");
    await codeLens(bench.page, "Run DAG").waitFor({ timeout: 60_000 });
    await codeLens(bench.page, "Run DAG").click();
    await waitForNotification(bench.page, /not trusted/);
    await screenshot(bench.page, "untrusted-lens-refused");
    assert.equal(existsSync(path.join(project.dir, "data", "runs")), false, "a run folder was created in an untrusted workspace");
  });
});
