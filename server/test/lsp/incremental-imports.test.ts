// Incremental re-checking through the indirect dependencies of the import forms: an edit to a barrel,
// a re-export, a base class, a sub-DAG, a label or the tsconfig reaches every DAG that depends on it,
// in other files, and undoing it turns them clean (fixtures: imports, diagnostics).

import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic } from "vscode-languageserver-protocol";
import { LspSession } from "../support/lsp-session";
import { serveFixture } from "../support/fixture-workspace";
import { textAt } from "../support/text-positions";

const red = (d: Diagnostic[]) => d.length > 0;
const clean = (d: Diagnostic[]) => d.length === 0;

/** Edits `file` in an open buffer, expects `dagFile` to turn red on `names`, then restores and expects it clean. */
async function breakAndRestore(lsp: LspSession, file: string, edit: (text: string) => string, dagFile: string, names: string[]) {
  await lsp.open(file);
  const original = lsp.text(file);
  const changed = edit(original);
  assert.notEqual(changed, original, "the edit must change the file");
  assert.deepEqual(await lsp.waitForDiagnostics(dagFile), [], `${dagFile} starts clean`);
  let mark = lsp.mark;
  await lsp.change(file, changed);
  const diags = await lsp.waitForDiagnostics(dagFile, red, { after: mark });
  assert.deepEqual(diags.map((d) => [d.code, textAt(lsp.text(dagFile), d.range)]).sort(), names.map((n) => ["unknown-task", n]).sort());
  mark = lsp.mark;
  await lsp.change(file, original);
  assert.deepEqual(await lsp.waitForDiagnostics(dagFile, clean, { after: mark }), []);
  await lsp.closeDocument(file);
}

/** Sends the watched-files notification an editor sends after a change on disk. */
async function diskChanged(lsp: LspSession, rel: string, type: FileChangeType) {
  await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: lsp.uri(rel), type }] });
}

describe("incremental re-checking through imports (fixture: imports)", function () {
  this.timeout(30_000);
  let lsp!: LspSession;
  serveFixture("imports", (session) => (lsp = session));

  it("dropping `export *` from a barrel's index.ts reds the DAG that imports through the barrel", async () => {
    await breakAndRestore(lsp, "src/lib/barrel/index.ts", (t) => t.replace('export * from "./second";', ""), "src/dags/barrel.ts", ["BarrelSecondTask"]);
  });

  it("renaming the class behind a renamed re-export reds the DAG two files away", async () => {
    await breakAndRestore(lsp, "src/lib/origin.ts", (t) => t.replace("class OriginTask", "class OriginStep"), "src/dags/reexport.ts", ["ReexportedTask"]);
  });

  it("renaming the class behind `export *` reds the DAG that imports through it", async () => {
    await breakAndRestore(lsp, "src/lib/star-inner.ts", (t) => t.replace("class StarTask", "class StarStep"), "src/dags/star.ts", ["StarTask"]);
  });

  it("a base class that stops extending gluepy's Task reds the DAG using its subclasses, down the chain", async () => {
    await breakAndRestore(lsp, "src/lib/chain.ts", (t) => t.replace("class ProjectTask extends GluepyTask", "class ProjectTask"), "src/dags/subclass.ts", [
      "LeafTask",
      "MiddleTask",
    ]);
  });

  it("a default export that becomes a named one reds the DAG using the default import", async () => {
    await breakAndRestore(lsp, "src/lib/default-task.ts", (t) => t.replace("export default class", "export class"), "src/dags/default.ts", ["Whatever"]);
  });

  it("deleting a task file on disk reds its DAG; recreating it turns the DAG clean", async () => {
    const file = "src/lib/named.ts";
    const original = lsp.text(file);
    assert.deepEqual(await lsp.waitForDiagnostics("src/dags/named.ts"), []);
    let mark = lsp.mark;
    rmSync(lsp.path(file));
    await diskChanged(lsp, file, FileChangeType.Deleted);
    const diags = await lsp.waitForDiagnostics("src/dags/named.ts", red, { after: mark });
    assert.deepEqual(diags.map((d) => d.code), ["unknown-task"]);
    mark = lsp.mark;
    writeFileSync(lsp.path(file), original);
    await diskChanged(lsp, file, FileChangeType.Created);
    assert.deepEqual(await lsp.waitForDiagnostics("src/dags/named.ts", clean, { after: mark }), []);
  });

  it("changing tsconfig paths on disk re-resolves the alias import, and back", async () => {
    const file = "tsconfig.json";
    const original = lsp.text(file);
    assert.deepEqual(await lsp.waitForDiagnostics("src/dags/paths.ts"), []);
    let mark = lsp.mark;
    writeFileSync(lsp.path(file), original.replace('"@tasks/*"', '"@other/*"'));
    await diskChanged(lsp, file, FileChangeType.Changed);
    const diags = await lsp.waitForDiagnostics("src/dags/paths.ts", red, { after: mark });
    assert.deepEqual(diags.map((d) => [d.code, textAt(lsp.text("src/dags/paths.ts"), d.range)]), [["unknown-task", "PathsTask"]]);
    mark = lsp.mark;
    writeFileSync(lsp.path(file), original);
    await diskChanged(lsp, file, FileChangeType.Changed);
    assert.deepEqual(await lsp.waitForDiagnostics("src/dags/paths.ts", clean, { after: mark }), []);
  });
});

describe("incremental re-checking of labels and sub-DAGs across files (fixture: diagnostics)", function () {
  this.timeout(30_000);
  let lsp!: LspSession;
  serveFixture("diagnostics", (session) => (lsp = session));

  it("giving a task another task's label flags both files; restoring it clears both", async () => {
    const file = "src/dup-one.ts";
    await lsp.open(file);
    const original = lsp.text(file);
    await lsp.waitForDiagnostics("src/dup-two.ts", red);
    assert.deepEqual(lsp.latest("src/tasks.ts")?.diagnostics ?? [], [], "tasks.ts starts clean");
    let mark = lsp.mark;
    // dup-one and dup-two share "load"; renaming dup-one's label to "a" moves the clash to tasks.ts.
    await lsp.change(file, original.replace('static label = "load"', 'static label = "a"'));
    const tasks = await lsp.waitForDiagnostics("src/tasks.ts", red, { after: mark });
    assert.deepEqual(tasks.map((d) => d.code), ["duplicate-label"]);
    assert.equal(tasks[0]!.relatedInformation?.[0]?.location.uri, lsp.uri(file));
    assert.deepEqual(await lsp.waitForDiagnostics("src/dup-two.ts", clean, { after: mark }), [], "dup-two no longer clashes");
    mark = lsp.mark;
    await lsp.change(file, original);
    assert.deepEqual(await lsp.waitForDiagnostics("src/tasks.ts", clean, { after: mark }), []);
    assert.deepEqual((await lsp.waitForDiagnostics("src/dup-two.ts", red, { after: mark })).map((d) => d.code), ["duplicate-label"]);
    await lsp.closeDocument(file);
  });

  it("a sub-DAG edited in its own file to include its parent turns the parent (another file) red with a cycle", async () => {
    const file = "src/subdag-inner.ts";
    await lsp.open(file);
    const original = lsp.text(file);
    const outer = "src/subdag-cycle.ts";
    const loopsOnly = await lsp.waitForDiagnostics(outer, (d) => d.length === 2);
    let mark = lsp.mark;
    await lsp.change(
      file,
      original.replace('import { CTask } from "./tasks";', 'import { CTask } from "./tasks";\nimport { OuterDAG } from "./subdag-cycle";').replace("[CTask]", "[CTask, OuterDAG]"),
    );
    const withCycle = await lsp.waitForDiagnostics(outer, (d) => d.length === 3, { after: mark });
    const added = withCycle.find((d) => typeof d.message === "string" && d.message.includes("outer → inner → outer"));
    assert.ok(added, JSON.stringify(withCycle.map((d) => d.message)));
    assert.equal(textAt(lsp.text(outer), added.range), "InnerDAG");
    mark = lsp.mark;
    await lsp.change(file, original);
    assert.deepEqual(await lsp.waitForDiagnostics(outer, (d) => d.length === 2, { after: mark }), loopsOnly);
  });

  it("deleting a DAG file on disk clears its diagnostics", async () => {
    const rel = "src/unknown-task.ts";
    await lsp.waitForDiagnostics(rel, red);
    const mark = lsp.mark;
    rmSync(lsp.path(rel));
    await diskChanged(lsp, rel, FileChangeType.Deleted);
    assert.deepEqual(await lsp.waitForDiagnostics(rel, clean, { after: mark }), []);
  });

  it("a new, never saved buffer is checked while open, and its diagnostics are cleared when it is closed", async () => {
    const rel = "src/untitled-dag.ts";
    await lsp.open(rel, 'import { DAG } from "gluepy";\nimport { ATask } from "./tasks";\n\nexport class DraftDAG extends DAG {\n  static tasks = [ATask, Draft];\n}\n');
    const diags = await lsp.waitForDiagnostics(rel, red);
    assert.deepEqual(diags.map((d) => [d.code, textAt(lsp.text(rel), d.range)]), [["unknown-task", "Draft"]]);
    const mark = lsp.mark;
    await lsp.closeDocument(rel);
    assert.deepEqual(await lsp.waitForDiagnostics(rel, clean, { after: mark }), []);
  });
});
