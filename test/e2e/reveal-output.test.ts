// gluepy.run.revealOutput "onFailure" in a real VS Code: a run that succeeds leaves the panel as it was (the
// log still gets every line), a run whose task fails brings the log into view.

import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startCodeServer, type CodeServer } from "./support/code-server";
import { outputLog, waitForLog } from "./support/output-log";
import { copyExample, type ProjectCopy } from "./support/project";
import { packagedVsix } from "./support/vsix";
import { codeLens, openFile, openWorkbench, screenshot, screenshotFailure, waitForOutput, type Workbench } from "./support/workbench";

describe("gluepy.run.revealOutput: onFailure (real VS Code)", function () {
  this.timeout(240_000);
  let server: CodeServer;
  let project: ProjectCopy;
  let bench: Workbench;
  const marker = () => path.join(project.dir, "FAIL_TEST_TASK");
  const user = () => path.join(server.home, "user");
  /** Whether the panel is open on the run's log (its lines in view; Monaco draws spaces as no-break spaces). */
  const logInView = async () => {
    const panel = bench.page.locator(".part.panel");
    return (await panel.isVisible()) && /(START|SUCCEEDED|FAILED)\s\w/.test(await panel.innerText());
  };

  before(async () => {
    project = copyExample();
    // The test task fails while the marker file exists.
    const tasks = path.join(project.dir, "src", "tasks.ts");
    const source = readFileSync(tasks, "utf8").split("\n");
    const runLine = source.findIndex((l, i) => /async run\(\)/.test(l) && source.slice(0, i).some((p) => /class ForecastTestTask/.test(p)));
    source.splice(runLine + 1, 0, `    if (require("node:fs").existsSync(${JSON.stringify(marker())})) throw new Error("e2e: forced failure");`);
    writeFileSync(tasks, source.join("\n"));
    server = await startCodeServer({ vsix: packagedVsix(), settings: { "gluepy.run.revealOutput": "onFailure" } });
    bench = await openWorkbench(server.url, project.dir);
    await openFile(bench.page, "src/dags.ts");
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && bench) await screenshotFailure(bench.page, this.currentTest.title);
  });

  after(async () => {
    await bench?.close();
    await server?.stop();
    project?.remove();
  });

  it("a run that succeeds does not bring the log into view; the log has it and the status bar says so", async () => {
    const { page } = bench;
    await codeLens(page, "Run DAG").click();
    const log = await waitForLog(user(), /== Run (succeeded|failed|did not finish)/, 0, 120_000);
    assert.match(log, /== Run succeeded/, log);
    await page.locator("#workbench\\.parts\\.statusbar", { hasText: /Gluepy: training/ }).locator(".codicon-pass").first().waitFor({ timeout: 30_000 });
    assert.equal(await logInView(), false, "the Output panel shows the run's log");
    await screenshot(page, "reveal-output-success");
  });

  it("a run whose task fails brings the log into view at its end", async () => {
    const { page } = bench;
    writeFileSync(marker(), "");
    const before = outputLog(user()).length;
    await codeLens(page, "Run DAG").click();
    assert.match(await waitForLog(user(), /== Run (succeeded|failed|did not finish)/, before, 120_000), /== Run failed/);
    // Monaco draws spaces as no-break spaces: \s matches both.
    assert.match(await waitForOutput(page, /==\sRun\sfailed/), /forced\sfailure/);
    assert.equal(await logInView(), true);
    await screenshot(page, "reveal-output-failure");
  });
});
