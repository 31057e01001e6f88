// The palette's orchestrator generators in a real VS Code (code-server in headless Chromium) on a copy of the
// example: "Gluepy: Generate Dagster Definitions" and "Gluepy: Generate Airflow DAGs" ask for the DAG and a
// folder, run the CLI, and say where the files went; the files are there and compile as Python.

import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { startCodeServer, type CodeServer } from "./support/code-server";
import { copyExample, type ProjectCopy } from "./support/project";
import { packagedVsix } from "./support/vsix";
import { openWorkbench, pickQuick, runCommand, screenshot, screenshotFailure, waitForNotification, type Workbench } from "./support/workbench";

describe("generating orchestrator files from the palette (real VS Code)", function () {
  this.timeout(240_000);
  let server: CodeServer;
  let project: ProjectCopy;
  let bench: Workbench;

  before(async () => {
    project = copyExample();
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

  /** Runs the palette command, picks the DAG, types the folder into the input box it offers. */
  async function generate(command: string, dag: string, folder: string, prompt: RegExp): Promise<void> {
    const { page } = bench;
    await runCommand(page, command);
    await pickQuick(page, dag);
    const box = page.locator(".quick-input-widget", { hasText: prompt });
    await box.waitFor({ timeout: 20_000 });
    await page.locator(".quick-input-widget input").fill(folder);
    await page.keyboard.press("Enter");
  }

  it('"Gluepy: Generate Dagster Definitions" writes the picked DAG\'s module into the folder typed, and says so', async () => {
    await generate("Gluepy: Generate Dagster Definitions", "training", "deploy/dagster", /Folder for the Dagster definitions/);
    await waitForNotification(bench.page, /Dagster definitions written to deploy\/dagster/, 60_000);
    await screenshot(bench.page, "dagster-generated");
    const dir = path.join(project.dir, "deploy", "dagster");
    assert.deepEqual(readdirSync(dir), ["training.py"]);
    execFileSync("python3", ["-m", "py_compile", path.join(dir, "training.py")]);
    const module = readFileSync(path.join(dir, "training.py"), "utf8");
    assert.match(module, /^JOB_NAME = "training"$/m);
    assert.match(module, /^defs = Definitions\(jobs=\[gluepy_job\]\)$/m);
  });

  it('"Gluepy: Generate Airflow DAGs" writes the picked DAG\'s file into the folder typed, and says so', async () => {
    await generate("Gluepy: Generate Airflow DAGs", "training", "deploy/airflow", /Folder for the Airflow DAG files/);
    await waitForNotification(bench.page, /Airflow DAG files written to deploy\/airflow/, 60_000);
    const dir = path.join(project.dir, "deploy", "airflow");
    assert.deepEqual(readdirSync(dir), ["training.py"]);
    execFileSync("python3", ["-m", "py_compile", path.join(dir, "training.py")]);
    assert.match(readFileSync(path.join(dir, "training.py"), "utf8"), /^IMAGE = "forecast:latest"$/m);
  });
});
