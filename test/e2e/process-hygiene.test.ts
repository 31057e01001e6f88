// No orphans (real VS Code): Cancel in the progress notification stops a run with its state saved, and
// closing the editor mid-run leaves no runtime or language server process behind.

import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startCodeServer, type CodeServer } from "./support/code-server";
import { waitForLog } from "./support/output-log";
import { copyExample, type ProjectCopy } from "./support/project";
import { packagedVsix } from "./support/vsix";
import { codeLens, openFile, openWorkbench, screenshot, waitForNotification, type Workbench } from "./support/workbench";

/** Pids of live processes whose command line mentions `text`. */
function processesMentioning(text: string): number[] {
  return execFileSync("ps", ["-eo", "pid=,stat=,args="], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes(text) && !/^\s*\d+\s+Z/.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

async function waitUntilGone(text: string, timeoutMs = 15_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = processesMentioning(text);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    left = processesMentioning(text);
  }
  return left;
}

describe("process hygiene (real VS Code)", function () {
  this.timeout(180_000);
  let server: CodeServer | undefined;
  let project: ProjectCopy;
  let bench: Workbench | undefined;
  const user = () => path.join(server!.home, "user");

  before(async () => {
    project = copyExample();
    // The data task waits long enough to be cancelled or have its editor closed under it.
    const tasks = path.join(project.dir, "src", "tasks.ts");
    const source = readFileSync(tasks, "utf8").split("\n");
    const runLine = source.findIndex((l, i) => /async run\(\)/.test(l) && source.slice(0, i).some((p) => /class DataTask/.test(p)));
    source.splice(runLine + 1, 0, "    await new Promise((resolve) => setTimeout(resolve, 120_000));");
    writeFileSync(tasks, source.join("\n"));
    server = await startCodeServer({ vsix: packagedVsix() });
    bench = await openWorkbench(server.url, project.dir);
  });

  after(async () => {
    await bench?.close();
    await server?.stop();
    for (const pid of processesMentioning(project.dir)) process.kill(pid, "SIGKILL");
    project?.remove();
  });

  it("Cancel in the progress notification stops the run: run-end cancelled, state saved, no runtime left", async () => {
    const { page } = bench!;
    await openFile(page, "src/dags.ts");
    await codeLens(page, "Run DAG").waitFor({ timeout: 60_000 });
    await codeLens(page, "Run DAG").click();
    await waitForLog(user(), /START data/);
    assert.equal(processesMentioning(project.dir).length > 0, true, "no runtime process while the run goes");
    const progress = page.locator(".notification-toast", { hasText: "Gluepy: running training" }).first();
    await progress.waitFor({ timeout: 15_000 });
    await screenshot(page, "hygiene-run-in-progress");
    await progress.getByRole("button", { name: "Cancel" }).click();
    const log = await waitForLog(user(), /== Run (cancelled|succeeded|failed|did not finish)/);
    assert.match(log, /CANCELLED data/, log);
    assert.match(log, /== Run cancelled/, log);
    await waitForNotification(page, /cancelled\. Its state is saved/);
    await screenshot(page, "hygiene-cancelled");
    const folder = path.join(project.dir, "data", /folder (\S+)/.exec(log)![1]!);
    assert.ok(existsSync(path.join(folder, ".gluepy", "state.json")), "the cancelled run saved no state.json");
    assert.deepEqual(await waitUntilGone(project.dir), [], "a runtime process outlived the cancelled run");
  });

  it("closing the editor mid-run leaves no runtime and no language server process", async () => {
    const { page } = bench!;
    const logBefore = (await waitForLog(user(), /./)).length;
    await codeLens(page, "Run DAG").click();
    await waitForLog(user(), /START data/, logBefore);
    assert.ok(processesMentioning(project.dir).length > 0, "no runtime process while the run goes");
    assert.ok(processesMentioning(path.join(server!.home, "ext")).length > 0, "no language server process while the editor is open");
    const home = server!.home;
    await bench!.close();
    bench = undefined;
    await server!.stop(); // the whole editor process group goes, as when a window is closed or crashes
    server = undefined;
    assert.deepEqual(await waitUntilGone(project.dir), [], "a runtime process outlived the editor");
    assert.deepEqual(await waitUntilGone(path.join(home, "ext")), [], "a language server process outlived the editor");
  });
});
