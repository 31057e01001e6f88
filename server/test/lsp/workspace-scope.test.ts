// What the index covers (issue 3 scope): every workspace folder, not node_modules or build output,
// open buffers over files on disk, and workspace code is parsed, never run.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DidChangeWatchedFilesNotification, DidChangeWorkspaceFoldersNotification, FileChangeType } from "vscode-languageserver-protocol";
import { DagListRequest, IndexChangedNotification } from "../../../shared/protocol";
import { LspSession } from "../support/lsp-session";
import { copyFixture, removeWorkspace } from "../support/fixture-workspace";
import { textAt } from "../support/text-positions";

const BAD_DAG = (name: string) =>
  `import { DAG } from "gluepy";\n\nexport class ${name} extends DAG {\n  static label = "${name.toLowerCase()}";\n  static tasks = [NoSuchTask];\n}\n`;

describe("workspace scope over LSP (fixtures: basic + fixes as a second folder)", function () {
  this.timeout(30_000);
  let root: string;
  let second: string;
  let lsp: LspSession;

  before(async () => {
    root = copyFixture("basic");
    second = copyFixture("fixes");
    for (const [dir, name] of [["node_modules/some-lib", "VendoredDAG"], ["dist", "BuiltDAG"]] as const) {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, "dags.ts"), BAD_DAG(name));
    }
    // Top-level code that would leave a marker file if the server ever ran workspace code.
    writeFileSync(
      join(root, "src/side-effect.ts"),
      'import { writeFileSync } from "node:fs";\nimport { Task } from "gluepy";\n\nwriteFileSync(__dirname + "/../EXECUTED", "the server ran me");\n\nexport class SideEffectTask extends Task {\n  async run() {}\n}\n',
    );
    lsp = await LspSession.start(root, { folders: [second] });
    assert.deepEqual(await lsp.waitForDiagnostics("src/dags.ts"), []);
  });
  after(async () => {
    await lsp?.close();
    removeWorkspace(root);
    removeWorkspace(second);
  });

  it("indexes every workspace folder: a DAG in the second folder is checked and listed", async () => {
    const rel = "src/missing-import.ts";
    const uri = pathToFileURL(join(second, rel)).href;
    const diags = await lsp.waitFor(() => lsp.diagnostics.get(uri)?.at(-1)?.diagnostics.filter((d) => d.code === "unknown-task").length ? lsp.diagnostics.get(uri)!.at(-1)!.diagnostics : undefined, 10_000, () => `unknown-task in ${uri}`);
    assert.equal(diags.length, 1);
    const list = await lsp.request(DagListRequest, {});
    const labels = list.dags.map((d) => d.label);
    for (const label of ["training", "missing_import", "duplicate", "complete"]) assert.ok(labels.includes(label), `${label} missing from ${labels}`);
  });

  it("leaves out node_modules and build output", async () => {
    const list = await lsp.request(DagListRequest, {});
    const labels = list.dags.map((d) => d.label);
    assert.ok(!labels.includes("vendoreddag"), `node_modules indexed: ${labels}`);
    assert.ok(!labels.includes("builtdag"), `dist indexed: ${labels}`);
    assert.equal(lsp.diagnostics.get(lsp.uri("node_modules/some-lib/dags.ts")), undefined);
    assert.equal(lsp.diagnostics.get(lsp.uri("dist/dags.ts")), undefined);
  });

  it("parses workspace code without running it", async () => {
    const list = await lsp.request(DagListRequest, {});
    assert.ok(list.tasks.some((t) => t.className === "SideEffectTask"), "the file was indexed");
    assert.equal(existsSync(join(root, "EXECUTED")), false);
  });

  it("an open buffer wins over the file on disk until it is closed", async () => {
    const tasks = "src/tasks.ts";
    const onDisk = lsp.text(tasks);
    await lsp.open(tasks, onDisk.replace("class TrainTask", "class TrainStep"));
    const red = await lsp.waitForDiagnostics("src/dags.ts", (d) => d.length > 0);
    assert.deepEqual(red.map((d) => textAt(lsp.text("src/dags.ts"), d.range)), ["TrainTask"]);

    // The disk copy (still the original) changes: the buffer must keep winning.
    writeFileSync(lsp.path(tasks), onDisk + "\n");
    await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: lsp.uri(tasks), type: FileChangeType.Changed }] });
    // A later file event that publishes proves the one above was handled (notifications are handled in order).
    writeFileSync(lsp.path("src/probe.ts"), BAD_DAG("ProbeDAG"));
    await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: lsp.uri("src/probe.ts"), type: FileChangeType.Created }] });
    await lsp.waitForDiagnostics("src/probe.ts", (d) => d.length > 0);
    assert.deepEqual(lsp.latest("src/dags.ts")?.diagnostics.map((d) => d.code), ["unknown-task"], "the disk copy replaced the open buffer");

    const mark = lsp.mark;
    await lsp.closeDocument(tasks);
    assert.deepEqual(await lsp.waitForDiagnostics("src/dags.ts", (d) => d.length === 0, { after: mark }), []);
  });

  it("indexes a folder added to the workspace while running, and drops one removed", async () => {
    const third = copyFixture("diagnostics");
    try {
      const added = { uri: pathToFileURL(third).href, name: "third" };
      lsp.folders.push(added);
      const addMark = lsp.mark;
      await lsp.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [added], removed: [] } });
      const cycleUri = pathToFileURL(join(third, "src/cycle.ts")).href;
      await lsp.waitFor(() => (lsp.diagnostics.get(cycleUri)?.at(-1)?.diagnostics.length ? true : undefined), 10_000, () => `diagnostics of ${cycleUri}`);
      // The load's own notice comes after its diagnostics: awaited here, so the one awaited below is the removal's.
      await lsp.waitForNotification(IndexChangedNotification, (p) => p.dags.includes("cycle"), { after: addMark });
      assert.ok((await lsp.request(DagListRequest, {})).dags.some((d) => d.label === "cycle"));

      lsp.folders.pop();
      const mark = lsp.mark;
      await lsp.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [added] } });
      await lsp.waitForNotification(IndexChangedNotification, (p) => p.dags.includes("cycle"), { after: mark });
      assert.ok(!(await lsp.request(DagListRequest, {})).dags.some((d) => d.label === "cycle"), "the removed folder's DAGs are gone");
      // Its problems must leave the Problems panel too.
      await lsp.waitFor(() => (lsp.diagnostics.get(cycleUri)?.at(-1)?.diagnostics.length === 0 ? true : undefined), 10_000, () => `cleared diagnostics of ${cycleUri}`);
    } finally {
      removeWorkspace(third);
    }
  });
});
