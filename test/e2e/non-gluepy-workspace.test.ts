// A trusted TypeScript workspace that is not a Gluepy project (a web app whose module writes a file when
// it is imported, with classes named Task and DAG): the installed extension starts nothing there: no
// language server process, no `gluepy` run or warm-up, no .gluepy/ folder, no Runs view, the module never executed.

import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startCodeServer, type CodeServer } from "./support/code-server";
import { outputLog } from "./support/output-log";
import { packagedVsix } from "./support/vsix";
import { openWorkbench, screenshot, type Workbench } from "./support/workbench";

const SERVER_TS = `import { writeFileSync } from "node:fs";

// Runs when imported: Gluepy must never import this module.
writeFileSync(__dirname + "/../EXECUTED", "imported");

export class Task {}
export class DAG {}
export class Handler extends Task {
  static label = "handler";
  async run() {}
}
export class Routes extends DAG {
  static tasks = [Handler];
}
`;

describe("extension in a trusted TypeScript workspace that is no Gluepy project (real VS Code)", function () {
  this.timeout(300_000);
  let server: CodeServer;
  let root: string;
  let workspace: string;
  let bench: Workbench;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), "gluepy-e2e-webapp-"));
    workspace = path.join(root, "web-app");
    mkdirSync(path.join(workspace, "src"), { recursive: true });
    writeFileSync(path.join(workspace, "package.json"), JSON.stringify({ name: "web-app", private: true, dependencies: { express: "^5.0.0" } }, null, 2));
    writeFileSync(path.join(workspace, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "commonjs" } }));
    writeFileSync(path.join(workspace, "src", "server.ts"), SERVER_TS);
    server = await startCodeServer({ vsix: packagedVsix() });
    bench = await openWorkbench(server.url, workspace);
  });

  after(async () => {
    await bench?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("starts no server, runs nothing, writes nothing and shows no Runs view; starts once a gluepy.config.ts appears", async () => {
    const { page } = bench;
    // Opened from the explorer, as a user would (a TypeScript file is what activated the extension before).
    await page.locator('.explorer-folders-view .monaco-list-row[aria-label^="src"]').first().click();
    await page.locator('.explorer-folders-view .monaco-list-row[aria-label^="server.ts"]').first().dblclick();
    await page.locator('.tabs-container .tab[aria-label^="server.ts"]').first().waitFor({ timeout: 30_000 });
    // Until the extension says (in its trace channel only) that it found no project, or one of its processes shows up.
    const extensionsDir = path.join(server.home, "ext");
    const processesOfExtension = () => execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n").filter((l) => l.includes(extensionsDir + path.sep));
    const deadline = Date.now() + 120_000;
    while (!/no Gluepy project in the workspace/.test(outputLog(path.join(server.home, "user"), "Gluepy Trace")) && processesOfExtension().length === 0) {
      assert.ok(Date.now() < deadline, "the extension never decided whether the workspace holds a Gluepy project");
      await page.waitForTimeout(200);
    }
    assert.deepEqual(processesOfExtension(), [], "a process of the extension runs");
    const trace = outputLog(path.join(server.home, "user"), "Gluepy Trace");
    assert.doesNotMatch(trace, /prewarm/, "the runtime was warmed up");
    assert.equal(existsSync(path.join(workspace, "EXECUTED")), false, "the workspace's module was executed");
    assert.deepEqual(readdirSync(workspace).sort(), ["package.json", "src", "tsconfig.json"], "something was written into the workspace");
    assert.equal(await page.locator(".pane-header", { hasText: "Gluepy Runs" }).count(), 0, "the Gluepy Runs view is shown");
    await screenshot(page, "non-gluepy-workspace");

    // The folder becomes a Gluepy project: the extension starts then, without a reload.
    writeFileSync(path.join(workspace, "gluepy.config.ts"), "export default {};\n");
    await page.locator(".pane-header", { hasText: "Gluepy Runs" }).first().waitFor({ timeout: 120_000 });
    const started = Date.now() + 120_000;
    while (!processesOfExtension().some((l) => l.includes(path.join("dist", "server", "server.js")))) {
      assert.ok(Date.now() < started, "no language server started once the folder held a gluepy.config.ts");
      await page.waitForTimeout(200);
    }
  });
});
