// In an untrusted workspace the extension runs nothing: "Gluepy: Run DAG" says why, and no run starts.

import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { REPO, startCodeServer, type CodeServer } from "./support/code-server";
import { copyExample, type ProjectCopy } from "./support/project";
import { openWorkbench, runCommand, screenshot, waitForNotification, type Workbench } from "./support/workbench";

describe("extension in an untrusted workspace (real VS Code)", function () {
  this.timeout(240_000);
  let server: CodeServer;
  let project: ProjectCopy;
  let bench: Workbench;

  before(async () => {
    project = copyExample();
    server = await startCodeServer({ extensionDir: REPO, trust: true });
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
});
