// Cross-file incremental edits over real LSP: an edit in one file re-checks the DAGs in other files
// that depend on it, from open buffers and from changes on disk, and the graph view is told.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { DefinitionRequest, DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic, type Location } from "vscode-languageserver-protocol";
import { Commands, DagGraphRequest, IndexChangedNotification } from "../../../shared/protocol";
import { LspSession } from "../support/lsp-session";
import { serveFixture } from "../support/fixture-workspace";
import { lineOf, positionOf, textAt } from "../support/text-positions";
import { locations, resolvedLenses } from "../support/lsp-answers";

const TASKS = "src/tasks.ts";
const DAGS = "src/dags.ts";

describe("incremental re-checking over LSP (fixture: basic)", function () {
  this.timeout(30_000);
  let lsp!: LspSession;
  let original: string;
  serveFixture("basic", (session) => (lsp = session));

  before(async () => {
    original = lsp.text(TASKS);
    assert.deepEqual(await lsp.waitForDiagnostics(DAGS), []);
  });

  const unknownTrainTask = (d: Diagnostic[]) => d.some((x) => x.code === "unknown-task");

  it("renaming an exported task in an open buffer turns the importing DAG red in its own (unopened) file", async () => {
    await lsp.open(TASKS);
    const mark = lsp.mark;
    await lsp.change(TASKS, original.replace("class TrainTask", "class TrainStep"));
    const diags = await lsp.waitForDiagnostics(DAGS, unknownTrainTask, { after: mark });
    assert.equal(diags.length, 1, JSON.stringify(diags));
    assert.equal(textAt(lsp.text(DAGS), diags[0]!.range), "TrainTask");
    assert.equal(diags[0]!.source, "gluepy");
  });

  it("restoring the name turns that DAG clean again", async () => {
    const mark = lsp.mark;
    await lsp.change(TASKS, original);
    assert.deepEqual(await lsp.waitForDiagnostics(DAGS, (d) => d.length === 0, { after: mark }), []);
  });

  it("publishes a file's diagnostics only when they change: typing in a method body or moving the tasks down a line sends nothing", async () => {
    const mark = lsp.mark;
    await lsp.change(TASKS, original.replace("async run() {}", "async run() { return; }"));
    await lsp.change(TASKS, `\n${original}`);
    await lsp.change(TASKS, `\n${original}`.replace("class TrainTask", "class TrainStep"));
    await lsp.waitForDiagnostics(DAGS, unknownTrainTask, { after: mark });
    // Messages arrive in the order sent: the red list is the first publication after the mark, or there were others.
    const published = (rel: string) => (lsp.diagnostics.get(lsp.uri(rel)) ?? []).filter((p) => p.seq > mark).length;
    assert.equal(published(DAGS), 1);
    assert.equal(published(TASKS), 0);
    const restored = lsp.mark;
    await lsp.change(TASKS, original);
    assert.deepEqual(await lsp.waitForDiagnostics(DAGS, (d) => d.length === 0, { after: restored }), []);
  });

  it("an edit of a DAG's own entries updates its diagnostics and graph, and notifies gluepy/indexChanged", async () => {
    await lsp.open(DAGS);
    const dagText = lsp.text(DAGS);
    const mark = lsp.mark;
    await lsp.change(DAGS, dagText.replace("[DataTask, TrainTask, ReportTask]", "[DataTask, [TrainTask, ReportTask]]"));
    const changed = await lsp.waitForNotification(IndexChangedNotification, (p) => p.dags.includes("training"), { after: mark });
    assert.ok(changed.dags.includes("training"));
    const graph = await lsp.request(DagGraphRequest, { label: "training" });
    assert.deepEqual(graph?.edges.map((e) => e.join("→")).sort(), ["data→reporttask", "data→train"]);
    const mark2 = lsp.mark;
    await lsp.change(DAGS, dagText);
    await lsp.waitForNotification(IndexChangedNotification, (p) => p.dags.includes("training"), { after: mark2 });
    const restored = await lsp.request(DagGraphRequest, { label: "training" });
    assert.deepEqual(restored?.edges.map((e) => e.join("→")).sort(), ["data→train", "train→reporttask"]);
    await lsp.closeDocument(DAGS);
  });

  it("code lenses follow an edit of the DAG's label", async () => {
    await lsp.open(DAGS);
    const dagText = lsp.text(DAGS);
    const mark = lsp.mark;
    await lsp.change(DAGS, dagText.replace('static label = "training"', 'static label = "fitting"'));
    await lsp.waitForNotification(IndexChangedNotification, (p) => p.dags.includes("fitting"), { after: mark });
    const lenses = await resolvedLenses(lsp, DAGS);
    const run = lenses.find((l) => l.command?.command === Commands.runDag);
    assert.deepEqual(run?.command?.arguments, ["fitting", lsp.uri(DAGS), [], lsp.root]);
    const taskLenses = await resolvedLenses(lsp, TASKS);
    assert.deepEqual(taskLenses.find((l) => l.command?.command === Commands.runTask)?.command?.arguments?.[2], ["fitting"]);
    await lsp.change(DAGS, dagText);
    await lsp.closeDocument(DAGS);
  });

  it("when an edit changes which DAGs use a task, the server asks the editor to refresh code lenses, and they follow", async () => {
    await lsp.open(DAGS);
    const dagText = lsp.text(DAGS);
    const refreshes = () => lsp.serverRequests.filter((r) => r.method === "workspace/codeLens/refresh").length;
    const refreshesBefore = refreshes();
    await lsp.change(DAGS, dagText.replace(", ReportTask]", "]"));
    await lsp.waitFor(() => (refreshes() > refreshesBefore ? true : undefined), 10_000, () => "a workspace/codeLens/refresh request");
    const lens = (await resolvedLenses(lsp, TASKS)).find((l) => l.command?.command === Commands.runTask && l.command.arguments?.[0] === "reporttask");
    assert.deepEqual(lens?.command?.arguments?.[2] ?? [], [], "ReportTask is in no DAG any more");
    await lsp.change(DAGS, dagText);
    await lsp.closeDocument(DAGS);
  });

  it("answers requests sent right after an edit against the edited text (no wait for the debounce)", async () => {
    await lsp.open(DAGS);
    const dagText = lsp.text(DAGS);
    const shifted = "// three\n// new\n// lines\n" + dagText;
    await lsp.change(DAGS, shifted);
    const [defs, lenses] = await Promise.all([
      lsp.request<Location[] | Location | null>(DefinitionRequest.method, { textDocument: { uri: lsp.uri(DAGS) }, position: positionOf(shifted, "ReportTask]", 0, 2) }),
      resolvedLenses(lsp, DAGS),
    ]);
    assert.deepEqual(locations(defs).map((d) => d.uri), [lsp.uri(TASKS)]);
    const run = lenses.find((l) => l.command?.command === Commands.runDag);
    assert.equal(run?.range.start.line, lineOf(shifted, "class TrainingDAG"));
    await lsp.change(DAGS, dagText);
    await lsp.closeDocument(DAGS);
  });

  it("a change on disk (closed file, watched-files notification) re-checks the DAG that imports it, and back", async () => {
    await lsp.closeDocument(TASKS);
    let mark = lsp.mark;
    writeFileSync(lsp.path(TASKS), original.replace("class DataTask", "class DataStep"));
    await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: lsp.uri(TASKS), type: FileChangeType.Changed }] });
    // Wait for the settled state: a read that raced the write may show a half-written file for a moment.
    const names = (d: Diagnostic[]) => d.map((x) => textAt(lsp.text(DAGS), x.range)).join(",");
    const red = await lsp.waitForDiagnostics(DAGS, (d) => names(d) === "DataTask", { after: mark });
    assert.deepEqual(red.map((d) => d.code), ["unknown-task"]);
    mark = lsp.mark;
    writeFileSync(lsp.path(TASKS), original);
    await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: lsp.uri(TASKS), type: FileChangeType.Changed }] });
    assert.deepEqual(await lsp.waitForDiagnostics(DAGS, (d) => d.length === 0, { after: mark }), []);
  });

  it("a new file created on disk is indexed: its DAG gets diagnostics", async () => {
    const rel = "src/extra.ts";
    writeFileSync(
      lsp.path(rel),
      'import { DAG } from "gluepy";\nimport { DataTask } from "./tasks";\n\nexport class ExtraDAG extends DAG {\n  static label = "extra";\n  static tasks = [DataTask, NoSuchTask];\n}\n',
    );
    await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: lsp.uri(rel), type: FileChangeType.Created }] });
    const diags = await lsp.waitForDiagnostics(rel, (d) => d.length > 0);
    assert.deepEqual(diags.map((d) => [d.code, textAt(lsp.text(rel), d.range)]), [["unknown-task", "NoSuchTask"]]);
  });
});
