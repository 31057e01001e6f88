// In an untrusted workspace the extension runs nothing of the workspace: "Gluepy: Run DAG" and "Why will this
// run?" say why, and no workspace code runs. The copy's gluepy.config.ts, which every runtime command loads (list, runs, dag),
// appends a line to a witness file outside the workspace when it runs; the file stays absent.

import { strict as assert } from "node:assert";
import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { REPO, startCodeServer, type CodeServer } from "./support/code-server";
import { packagedVsix } from "./support/vsix";
import { copyExample, type ProjectCopy } from "./support/project";
import { codeLens, graphFrame, openFile, openWorkbench, runCommand, screenshot, waitForNotification, type Workbench } from "./support/workbench";

describe("extension in an untrusted workspace (real VS Code)", function () {
  this.timeout(240_000);
  let server: CodeServer;
  let project: ProjectCopy;
  let bench: Workbench;
  let witness: string;

  function assertNoWorkspaceCodeRan(): void {
    const ran = existsSync(witness) ? readFileSync(witness, "utf8").trim() : "";
    assert.equal(ran, "", `workspace code ran in an untrusted workspace: gluepy ${ran}`);
  }

  before(async () => {
    project = copyExample();
    witness = path.join(path.dirname(project.dir), "workspace-code-ran");
    appendFileSync(
      path.join(project.dir, "gluepy.config.ts"),
      `\nimport { appendFileSync as witness } from "node:fs";\nwitness(${JSON.stringify(witness)}, process.argv.slice(2).join(" ") + "\\n");\n`,
    );
    // The witness works: the runtime loading the project (as a run would) writes it.
    execFileSync(process.execPath, [path.join(REPO, "dist", "runtime", "cli.js"), "--project", project.dir, "list"], { stdio: "pipe" });
    assert.match(readFileSync(witness, "utf8"), /list/);
    rmSync(witness);
    server = await startCodeServer({ vsix: packagedVsix(), trust: true });
    bench = await openWorkbench(server.url, project.dir);
  });

  after(async () => {
    await bench?.close();
    await server?.stop();
    // Whatever the extension started has ended with the editor: none of it may have loaded the project.
    if (witness) assertNoWorkspaceCodeRan();
    project?.remove();
  });

  it("disables running with a message that says why, and runs no workspace code", async () => {
    await runCommand(bench.page, "Gluepy: Run DAG");
    const text = await waitForNotification(bench.page, /not trusted/);
    await screenshot(bench.page, "untrusted-run-disabled");
    assert.match(text, /running DAGs is disabled because this workspace is not trusted/);
    assertNoWorkspaceCodeRan();
  });

  it("still indexes the project (the server only parses): the lenses appear, and Run DAG from a lens is refused too", async () => {
    await openFile(bench.page, "src/dags.ts");
    await codeLens(bench.page, "Run DAG").waitFor({ timeout: 60_000 });
    await codeLens(bench.page, "Run DAG").click();
    await waitForNotification(bench.page, /not trusted/);
    await screenshot(bench.page, "untrusted-lens-refused");
    assertNoWorkspaceCodeRan();
  });

  it("'Why will this run?' on a graph node is refused the same way (the dry run loads the project): the details say why", async () => {
    await openFile(bench.page, "src/dags.ts");
    await codeLens(bench.page, "Show Graph").click();
    const graph = graphFrame(bench.page);
    await graph.locator('.node[data-id="training"]').click({ button: "right" });
    await graph.locator("#menu button", { hasText: "Why will this run?" }).click();
    const refusal = await graph.locator("#details .why-error").textContent({ timeout: 30_000 });
    assert.match(refusal ?? "", /running DAGs is disabled because this workspace is not trusted/);
    await screenshot(bench.page, "untrusted-why-refused");
    assertNoWorkspaceCodeRan();
  });
});
