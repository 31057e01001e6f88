// Projects, not workspaces (issue 15): labels are unique per Gluepy project (the folder of a
// gluepy.config.ts, or of a package.json that depends on gluepy), so a monorepo or a multi-root workspace
// with several projects has no duplicate labels between them; each lens runs in its own project. And the
// server takes for a Task or DAG exactly what the runtime does (shared/task-classes.ts), anonymous default
// exports included.

import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DidChangeWatchedFilesNotification, FileChangeType, PrepareRenameRequest, RenameRequest, type WorkspaceEdit } from "vscode-languageserver-protocol";
import { Commands, DagGraphRequest, DagListRequest, type DagGraphResult, type DagListResult } from "../../../shared/protocol";
import { resolvedLenses } from "../support/lsp-answers";
import { copyFixture, removeWorkspace, serveFixture } from "../support/fixture-workspace";
import { LspSession } from "../support/lsp-session";
import { positionOf } from "../support/text-positions";

const FORECAST_TASKS = "forecast/src/tasks.ts";
const FORECAST_DAGS = "forecast/src/dags.ts";
const CHURN_TASKS = "churn/src/tasks.ts";
const CHURN_DAGS = "churn/src/dags.ts";
const LOOSE = "scripts/loose.ts";

const codes = (lsp: LspSession, rel: string) => lsp.latest(rel)?.diagnostics.map((d) => d.code) ?? [];

describe("projects in one workspace (fixture: monorepo with forecast/ and churn/)", function () {
  this.timeout(30_000);
  let lsp: LspSession;
  serveFixture("monorepo", (s) => (lsp = s));
  const project = (name: string) => join(lsp.root, name);

  before(async () => {
    for (const rel of [FORECAST_DAGS, CHURN_DAGS]) await lsp.waitForDiagnostics(rel);
  });

  it("labels reused by two projects are no duplicates; a duplicate inside one project still is one", async () => {
    const churn = await lsp.waitForDiagnostics(CHURN_TASKS, (d) => d.length > 0);
    assert.deepEqual(churn.map((d) => d.code), ["duplicate-label", "duplicate-label"]);
    assert.ok(churn.every((d) => d.relatedInformation?.[0]?.location.uri === lsp.uri(CHURN_TASKS)), "each points at the other class in churn");
    assert.deepEqual(codes(lsp, FORECAST_TASKS), [], "forecast's 'data' is not churn's 'data'");
    assert.deepEqual(codes(lsp, LOOSE), [], "a file in no project is in the workspace folder's scope, apart from both");
  });

  it("lists each project's DAGs with their project, and gives each project's graph of a shared label", async () => {
    const list = await lsp.request<DagListResult>(DagListRequest, {});
    const trainings = list.dags.filter((d) => d.label === "training").map((d) => d.project).sort();
    assert.deepEqual(trainings, [project("churn"), project("forecast")]);
    const churnOnly = await lsp.request<DagListResult>(DagListRequest, { project: project("churn") });
    assert.deepEqual(churnOnly.dags.map((d) => d.label), ["training"]);
    assert.deepEqual(churnOnly.tasks.map((t) => t.label).sort(), ["data", "score", "score"]);

    const churnGraph = await lsp.request<DagGraphResult>(DagGraphRequest, { label: "training", project: project("churn") });
    assert.deepEqual(churnGraph?.nodes.map((n) => n.label), ["data", "score"]);
    const forecastGraph = await lsp.request<DagGraphResult>(DagGraphRequest, { label: "training", project: project("forecast") });
    assert.deepEqual(forecastGraph?.nodes.map((n) => n.label), ["prep", "data", "train", "default"]);
    assert.deepEqual(churnGraph?.dagsUsing?.data, ["training"], "the DAGs using a task are its own class's: churn's 'data', not forecast's too");
  });

  it("each lens carries the project folder its class belongs to", async () => {
    const runDag = async (rel: string) => (await resolvedLenses(lsp, rel)).find((l) => l.command?.command === Commands.runDag)?.command?.arguments;
    assert.deepEqual(await runDag(FORECAST_DAGS), ["training", lsp.uri(FORECAST_DAGS), [], project("forecast")]);
    assert.deepEqual(await runDag(CHURN_DAGS), ["training", lsp.uri(CHURN_DAGS), [], project("churn")]);
    const loose = (await resolvedLenses(lsp, LOOSE)).find((l) => l.command?.command === Commands.runTask);
    assert.deepEqual(loose?.command?.arguments, ["data", lsp.uri(LOOSE), [], lsp.root]);
  });

  it("rename checks the new label against the class's own project only", async () => {
    const text = lsp.text(CHURN_TASKS);
    const position = positionOf(text, '"data"', 0, 1);
    assert.ok(await lsp.request(PrepareRenameRequest.method, { textDocument: { uri: lsp.uri(CHURN_TASKS) }, position }));
    const edit = await lsp.request<WorkspaceEdit | null>(RenameRequest.method, { textDocument: { uri: lsp.uri(CHURN_TASKS) }, position, newName: "train" });
    assert.deepEqual(Object.keys(edit?.changes ?? {}), [lsp.uri(CHURN_TASKS)], "'train' is forecast's label, free in churn");
    await assert.rejects(
      lsp.request(RenameRequest.method, { textDocument: { uri: lsp.uri(CHURN_TASKS) }, position, newName: "score" }),
      /already the label of Task ScoreTask/,
    );
  });

  it("anonymous default exports are tasks: a DAG importing them has no unknown-task, and its graph has their nodes", async () => {
    const graph = await lsp.request<DagGraphResult>(DagGraphRequest, { label: "training", project: project("forecast") });
    const prep = graph?.nodes.find((n) => n.label === "prep");
    assert.equal(prep?.className, "default");
    assert.equal(prep?.loc?.uri, lsp.uri("forecast/src/prep.ts"));
    assert.equal(graph?.nodes.find((n) => n.label === "default")?.loc?.uri, lsp.uri("forecast/src/report.ts"));
    assert.deepEqual(graph?.edges, [["prep", "data"], ["data", "train"], ["train", "default"]]);
    const lenses = await resolvedLenses(lsp, "forecast/src/prep.ts");
    assert.deepEqual(lenses.find((l) => l.command?.command === Commands.runTask)?.command?.arguments?.[0], "prep");
  });

  it("a gluepy.config.ts created on disk makes a new project: labels regroup at once", async () => {
    const other = "scripts/sub/other.ts";
    const notify = (rel: string) =>
      lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: lsp.uri(rel), type: FileChangeType.Created }] });
    mkdirSync(lsp.path("scripts/sub"), { recursive: true });
    writeFileSync(lsp.path(other), 'import { Task } from "gluepy";\n\nexport class OtherTask extends Task {\n  static label = "data";\n  async run() {}\n}\n');
    await notify(other);
    assert.deepEqual((await lsp.waitForDiagnostics(LOOSE, (d) => d.length > 0)).map((d) => d.code), ["duplicate-label"], "both in the workspace folder's scope");
    const mark = lsp.mark;
    writeFileSync(lsp.path("scripts/sub/gluepy.config.ts"), "export default {};\n");
    await notify("scripts/sub/gluepy.config.ts");
    assert.deepEqual(await lsp.waitForDiagnostics(LOOSE, (d) => d.length === 0, { after: mark }), []);
    assert.deepEqual(await lsp.waitForDiagnostics(other, (d) => d.length === 0, { after: mark }), []);
    const lens = (await resolvedLenses(lsp, other)).find((l) => l.command?.command === Commands.runTask);
    assert.equal(lens?.command?.arguments?.[3], project("scripts/sub"));
  });

  it("a task base without run() is no task, as for the runtime: naming it in a DAG is unknown-task", async () => {
    const diagnostics = lsp.latest(FORECAST_DAGS)!.diagnostics;
    assert.deepEqual(diagnostics.map((d) => d.code), ["unknown-task"]);
    assert.equal(diagnostics[0]!.range.start.line, positionOf(lsp.text(FORECAST_DAGS), "[BaseTask]", 0, 1).line);
    const tasks = (await resolvedLenses(lsp, FORECAST_TASKS)).filter((l) => l.command?.command === Commands.runTask);
    assert.deepEqual(tasks.map((l) => l.command?.arguments?.[0]), ["data", "train"], "no Run Task lens on the abstract base");
  });
});

describe("a multi-root workspace: one project per folder (fixture: monorepo's forecast/ and churn/ as two folders)", function () {
  this.timeout(30_000);
  let root: string;
  let lsp: LspSession;

  before(async () => {
    root = copyFixture("monorepo");
    lsp = await LspSession.start(join(root, "forecast"), { folders: [join(root, "churn")] });
  });
  after(async () => {
    await lsp?.close();
    removeWorkspace(root);
  });

  it("checks each folder's labels apart and lists both folders' DAGs", async () => {
    const churnTasks = join("..", CHURN_TASKS);
    await lsp.waitForDiagnostics(join("..", CHURN_DAGS));
    const churn = await lsp.waitForDiagnostics(churnTasks, (d) => d.length > 0);
    assert.deepEqual(churn.map((d) => d.code), ["duplicate-label", "duplicate-label"]);
    assert.deepEqual(lsp.latest("src/tasks.ts")?.diagnostics ?? [], []);
    const list = await lsp.request<DagListResult>(DagListRequest, {});
    assert.deepEqual(list.dags.map((d) => `${d.label}@${d.project}`).sort(), [
      `training@${join(root, "churn")}`,
      `training@${join(root, "forecast")}`,
      `uses_base@${join(root, "forecast")}`,
    ]);
  });
});
