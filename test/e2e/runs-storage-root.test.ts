// The Runs view and "Retry Failed Tasks" on a project whose gluepy.config.ts keeps its runs somewhere else
// (storageRoot "../run-store", outside the workspace folder): both go through `gluepy runs --json`, so they
// find the runs where the runtime puts them, and a run started from a terminal shows up in the view.

import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseEventLines } from "../../client/src/run-folders";
import { REPO, startCodeServer, type CodeServer } from "./support/code-server";
import { outputLog, waitForLog } from "./support/output-log";
import { copyExample, runsOf, type ProjectCopy } from "./support/project";
import { packagedVsix } from "./support/vsix";
import { openWorkbench, pickQuick, runCommand, screenshot, screenshotFailure, type Workbench } from "./support/workbench";

const STORAGE_ROOT = "../run-store";

describe("Runs view and Retry Failed with a storageRoot outside the workspace (real VS Code)", function () {
  this.timeout(240_000);
  let server: CodeServer;
  let project: ProjectCopy;
  let bench: Workbench;
  const marker = () => path.join(project.dir, "FAIL_TEST_TASK");
  const store = () => path.resolve(project.dir, STORAGE_ROOT);
  const user = () => path.join(server.home, "user");

  /** A run of `training` from a terminal whose test task fails. */
  function failedRunFromTerminal(): void {
    writeFileSync(marker(), "");
    try {
      execFileSync(process.execPath, [path.join(REPO, "dist", "runtime", "cli.js"), "--project", project.dir, "dag", "training"], { stdio: "pipe" });
      assert.fail("the run was meant to fail");
    } catch (e) {
      assert.equal((e as { status?: number }).status, 1, String((e as { stderr?: Buffer }).stderr));
    }
  }

  before(async () => {
    project = copyExample();
    writeFileSync(path.join(project.dir, "gluepy.config.ts"), `import { defineConfig } from "gluepy";\n\nexport default defineConfig({ storageRoot: "${STORAGE_ROOT}" });\n`);
    // The test task fails while the marker file exists.
    const tasks = path.join(project.dir, "src", "tasks.ts");
    const source = readFileSync(tasks, "utf8").split("\n");
    const runLine = source.findIndex((l, i) => /async run\(\)/.test(l) && source.slice(0, i).some((p) => /class ForecastTestTask/.test(p)));
    source.splice(runLine + 1, 0, `    if (require("node:fs").existsSync(${JSON.stringify(marker())})) throw new Error("e2e: forced failure");`);
    writeFileSync(tasks, source.join("\n"));
    server = await startCodeServer({ vsix: packagedVsix() });
    bench = await openWorkbench(server.url, project.dir);
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && bench) await screenshotFailure(bench.page, this.currentTest.title);
    await bench?.page.keyboard.press("Escape");
  });

  after(async () => {
    await bench?.close();
    await server?.stop();
    project?.remove();
  });

  it("lists failed runs kept under the configured storage root, started from a terminal while the view is open, each one", async () => {
    const { page } = bench;
    await runCommand(page, "Explorer: Focus on Gluepy Runs View");
    // The view has listed the runs (none yet): from here on it follows the storage root.
    await page.getByText(/No runs yet/).first().waitFor({ timeout: 60_000 });
    // The first run makes the storage root and the day's folder at once; the second is a new folder in it (VS
    // Code's recursive watcher, missing the first, never saw the second).
    for (const n of [1, 2]) {
      failedRunFromTerminal();
      const runs = await runsOf(project.dir, STORAGE_ROOT);
      assert.deepEqual(runs.map((r) => r.status), Array(n).fill("failed"));
      await page.waitForFunction(
        ({ n }) => [...document.querySelectorAll(".monaco-list-row")].filter((r) => /training/.test(r.textContent ?? "") && r.querySelector(".codicon-error")).length >= n,
        { n },
        { timeout: 60_000 },
      );
    }
    assert.equal(existsSync(path.join(project.dir, "data")), false, "nothing is written under the default storage root");
    await screenshot(page, "runs-view-storage-root");
  });

  it("Retry Failed Tasks retries the newest failed run in place, under the storage root, and the view shows it succeeded", async () => {
    const { page } = bench;
    writeFileSync(marker(), "");
    const runBefore = outputLog(user()).length;
    await runCommand(page, "Gluepy: Run DAG");
    await pickQuick(page, "training");
    assert.match(await waitForLog(user(), /== Run (succeeded|failed|did not finish)/, runBefore, 120_000), /== Run failed/);
    const [failed] = await runsOf(project.dir, STORAGE_ROOT);
    assert.equal(failed?.status, "failed");
    const events = path.join(store(), ...failed!.runFolder.split("/"), ".gluepy", "events.jsonl");
    const eventsBefore = readFileSync(events, "utf8").length;
    rmSync(marker());
    await runCommand(page, "Explorer: Focus on Gluepy Runs View");
    // A run's status is its row's icon.
    const succeededRows = page.locator(".monaco-list-row", { hasText: /training/ }).filter({ has: page.locator(".codicon-pass") });
    const succeededBefore = await succeededRows.count();

    const logBefore = outputLog(user()).length;
    await runCommand(page, "Gluepy: Retry Failed Tasks");
    await pickQuick(page, "training");
    const log = await waitForLog(user(), /== Run (succeeded|failed|did not finish)/, logBefore, 120_000);
    assert.match(log, new RegExp(`--retry ${failed!.runFolder.replace(/\//g, "\\/")} --resume`), log);
    assert.match(log, /== Run succeeded/, log);

    const retried = parseEventLines(readFileSync(events, "utf8").slice(eventsBefore));
    const started = retried.filter((e) => e.event === "task-start").map((e) => (e as { task: string }).task);
    assert.deepEqual([...started].sort(), ["evaluate", "output", "test"], `the retry started ${started.join(", ")}`);
    const [after] = await runsOf(project.dir, STORAGE_ROOT);
    assert.deepEqual([after?.runFolder, after?.status], [failed!.runFolder, "succeeded"]);
    await page.waitForFunction(
      ({ n }) => [...document.querySelectorAll(".monaco-list-row")].filter((r) => /training/.test(r.textContent ?? "") && r.querySelector(".codicon-pass")).length > n,
      { n: succeededBefore },
      { timeout: 90_000 },
    );
    await screenshot(page, "runs-view-retried");
  });
});
