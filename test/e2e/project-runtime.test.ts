// The extension runs a project's commands with the project's own gluepy (node_modules/gluepy) when it has
// one, and says so (Output, status bar); a project without one gets the bundled runtime; an untrusted
// workspace never loads the project's. The project's gluepy is a real install of the package, one patch
// version apart from the bundled, whose CLI appends a line to a witness file when it is loaded.

import { strict as assert } from "node:assert";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { REPO, startCodeServer, type CodeServer } from "./support/code-server";
import { outputLog, waitForLog } from "./support/output-log";
import { packagedVsix } from "./support/vsix";
import { openFile, openWorkbench, screenshot, type Workbench } from "./support/workbench";

const BUNDLED = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;
const PROJECT_VERSION = BUNDLED.replace(/\.\d+$/, ".99");

/** The gluepy package `npm run package` writes, at PROJECT_VERSION, packed into `dir`. */
function projectPackage(dir: string): string {
  const script = `import(${JSON.stringify(path.join(REPO, "scripts/package-runtime.mjs"))}).then((m) => process.stdout.write(m.packRuntime()))`;
  const tarball = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO, encoding: "utf8" });
  execFileSync("tar", ["-xzf", tarball, "-C", dir]);
  const copy = path.join(dir, "package");
  const manifest = JSON.parse(readFileSync(path.join(copy, "package.json"), "utf8")) as { version: string };
  writeFileSync(path.join(copy, "package.json"), JSON.stringify({ ...manifest, version: PROJECT_VERSION }, null, 2));
  execFileSync("npm", ["pack", copy, "--pack-destination", dir, "--loglevel=error"], { stdio: "pipe" });
  return path.join(dir, `gluepy-${PROJECT_VERSION}.tgz`);
}

function copyExampleTo(dir: string): void {
  const source = path.join(REPO, "examples", "forecast");
  for (const entry of ["package.json", "tsconfig.json", "gluepy.config.ts", "configs", "src"]) cpSync(path.join(source, entry), path.join(dir, entry), { recursive: true });
}

async function statusItem(page: Page, text: string): Promise<string> {
  const item = page.locator(".statusbar-item", { hasText: text }).first();
  await item.waitFor({ timeout: 30_000 });
  await item.hover();
  const hover = page.locator(".workbench-hover, .monaco-hover").filter({ hasText: "Gluepy runtime" }).first();
  await hover.waitFor({ timeout: 10_000 });
  const tooltip = (await hover.textContent()) ?? "";
  await page.mouse.move(0, 0);
  return tooltip;
}

describe("the runtime a project runs with (real VS Code)", function () {
  this.timeout(300_000);
  let root: string;
  let withGluepy: string;
  let plain: string;
  let witness: string;
  const loads = () => (existsSync(witness) ? readFileSync(witness, "utf8").split("\n").filter(Boolean) : []);

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), "gluepy-e2e-runtime-"));
    const workspace = path.join(root, "ws");
    withGluepy = path.join(workspace, "with-gluepy");
    plain = path.join(workspace, "plain");
    copyExampleTo(withGluepy);
    copyExampleTo(plain);
    const tarball = projectPackage(root);
    execFileSync("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: withGluepy, stdio: "pipe" });
    witness = path.join(root, "project-gluepy-loaded");
    appendFileSync(
      path.join(withGluepy, "node_modules", "gluepy", "runtime", "cli.js"),
      `\nrequire("node:fs").appendFileSync(${JSON.stringify(witness)}, process.argv.slice(2).join(" ") + "\\n");\n`,
    );
    // The witness works: loading the project's CLI writes it.
    execFileSync(process.execPath, [path.join(withGluepy, "node_modules", ".bin", "gluepy"), "--version"], { stdio: "pipe" });
    assert.deepEqual(loads(), ["--version"]);
    rmSync(witness);
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  describe("in a trusted workspace", () => {
    let server: CodeServer;
    let bench: Workbench;

    before(async () => {
      server = await startCodeServer({ vsix: packagedVsix() });
      bench = await openWorkbench(server.url, path.dirname(withGluepy));
    });

    after(async () => {
      await bench?.close();
      await server?.stop();
    });

    it("runs the project's own gluepy, and says which (version and path) in the Output and the status bar", async () => {
      const user = path.join(server.home, "user");
      await waitForLog(user, new RegExp(`runtime for ${escape(withGluepy)}: the project's gluepy ${escape(PROJECT_VERSION)} at ${escape(path.join(withGluepy, "node_modules", "gluepy"))}\\n`));
      // The warm-up (`gluepy list`) ran the project's CLI.
      const deadline = Date.now() + 60_000;
      while (!loads().some((l) => l.includes("list"))) {
        assert.ok(Date.now() < deadline, `the project's gluepy was never run; Output:\n${outputLog(user)}`);
        await bench.page.waitForTimeout(200);
      }
      await openFile(bench.page, "with-gluepy/src/dags.ts");
      const tooltip = await statusItem(bench.page, `gluepy ${PROJECT_VERSION}`);
      assert.match(tooltip, new RegExp(`the project's gluepy ${escape(PROJECT_VERSION)} at ${escape(path.join(withGluepy, "node_modules", "gluepy"))}`));
      await screenshot(bench.page, "runtime-project");
    });

    it("uses the bundled runtime for a project without its own, and says so", async () => {
      const user = path.join(server.home, "user");
      // Through the explorer: both projects have a src/tasks.ts.
      const row = (name: string) => bench.page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${name}"]`).first();
      await row("with-gluepy").click();
      await row("plain").click();
      await row("src").click();
      await row("tasks.ts").click();
      await bench.page.locator('.tabs-container .tab.active[aria-label^="tasks.ts"]').waitFor({ timeout: 15_000 });
      const tooltip = await statusItem(bench.page, `gluepy ${BUNDLED}`);
      assert.match(tooltip, new RegExp(`Gluepy runtime for ${escape(plain)}: the bundled gluepy ${escape(BUNDLED)} at .*dist/runtime`));
      assert.match(outputLog(user), new RegExp(`runtime for ${escape(plain)}: the bundled gluepy ${escape(BUNDLED)} at `));
    });
  });

  describe("in an untrusted workspace", () => {
    let server: CodeServer;
    let bench: Workbench;

    before(async () => {
      rmSync(witness, { force: true });
      server = await startCodeServer({ vsix: packagedVsix(), trust: true });
      bench = await openWorkbench(server.url, withGluepy);
    });

    after(async () => {
      await bench?.close();
      await server?.stop();
    });

    it("never loads the project's gluepy: the bundled runtime, and why", async () => {
      const user = path.join(server.home, "user");
      await waitForLog(user, new RegExp(`runtime for ${escape(withGluepy)}: the bundled gluepy ${escape(BUNDLED)} at .*\\(the workspace is not trusted, so a gluepy installed in the project is not loaded\\)`));
      await openFile(bench.page, "src/dags.ts");
      const tooltip = await statusItem(bench.page, `gluepy ${BUNDLED}`);
      assert.match(tooltip, /not trusted/);
      await screenshot(bench.page, "runtime-untrusted");
      await bench.close();
      await server.stop();
      assert.deepEqual(loads(), [], "the project's gluepy was loaded in an untrusted workspace");
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
