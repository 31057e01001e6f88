// The editor features of DESIGN §5 and issue 3 over real LSP on one small project: code lenses and
// their commands, hover, definition, references, symbols, label rename across files, and the custom
// requests the graph view uses.

import assert from "node:assert/strict";
import {
  DefinitionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  WorkspaceSymbolRequest,
  type Hover,
  type Location,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol";
import type { TaskNode } from "../../../shared/dag-model";
import { Commands, type SourceLocation, DagGraphRequest, DagListRequest } from "../../../shared/protocol";
import { LspSession } from "../support/lsp-session";
import { hoverText, locations, resolvedLenses } from "../support/lsp-answers";
import { serveFixture } from "../support/fixture-workspace";
import { applyEdits, editsByUri, lineOf, positionOf, textAt } from "../support/text-positions";

const TASKS = "src/tasks.ts";
const DAGS = "src/dags.ts";
const VSCODE_TASKS = ".vscode/tasks.json";
const PATCH = "patches/dev.yaml";

describe("editor features over LSP (fixture: basic)", function () {
  this.timeout(30_000);
  let lsp!: LspSession;
  serveFixture("basic", (session) => (lsp = session), { open: [DAGS, TASKS] });

  before(async () => {
    assert.deepEqual(await lsp.waitForDiagnostics(DAGS), []);
  });

  describe("code lenses", () => {
    it("above a DAG: Run DAG and Show Graph, carrying the DAG label, the file and its project folder", async () => {
      const lenses = await resolvedLenses(lsp, DAGS);
      const dagLine = lineOf(lsp.text(DAGS), "class TrainingDAG");
      const byCommand = new Map(lenses.map((l) => [l.command?.command, l]));
      for (const [command, title] of [[Commands.runDag, /Run DAG/], [Commands.showGraph, /Graph/]] as const) {
        const lens = byCommand.get(command);
        assert.ok(lens, `no ${command} lens; got ${JSON.stringify(lenses.map((l) => l.command))}`);
        assert.equal(lens.range.start.line, dagLine);
        assert.match(lens.command!.title, title);
        assert.deepEqual(lens.command!.arguments, ["training", lsp.uri(DAGS), [], lsp.root]);
      }
      for (const l of lenses) {
        assert.equal(l.range.start.line, dagLine, `stray lens ${JSON.stringify(l)}`);
        assert.deepEqual(l.command?.arguments, ["training", lsp.uri(DAGS), [], lsp.root], `every DAG lens (here ${l.command?.command}) names the DAG, file and project`);
      }
    });

    it("above each Task: Run Task and Retry from here, carrying the task label, the file, the DAGs using it and its project folder", async () => {
      const lenses = await resolvedLenses(lsp, TASKS);
      const text = lsp.text(TASKS);
      for (const [cls, label] of [["DataTask", "data"], ["TrainTask", "train"], ["ReportTask", "reporttask"]]) {
        const line = lineOf(text, `class ${cls}`);
        const here = lenses.filter((l) => l.range.start.line === line);
        for (const [command, title] of [[Commands.runTask, /Run Task/], [Commands.retryFromTask, /Retry/]] as const) {
          const lens = here.find((l) => l.command?.command === command);
          assert.ok(lens, `no ${command} lens above ${cls}; got ${JSON.stringify(lenses)}`);
          assert.match(lens.command!.title, title);
          assert.deepEqual(lens.command!.arguments, [label, lsp.uri(TASKS), ["training"], lsp.root]);
        }
      }
    });
  });

  it("hover on a DAG entry shows the task's label, the DAGs that use it and its position in each", async () => {
    const hover = await lsp.request<Hover | null>(HoverRequest.method, {
      textDocument: { uri: lsp.uri(DAGS) },
      position: positionOf(lsp.text(DAGS), "TrainTask,", 0, 2),
    });
    const text = hoverText(hover);
    assert.match(text, /\btrain\b/);
    assert.match(text, /\btraining\b[^\n]*\b2\b/, "the DAG and the task's position (2nd of 3) in it");
  });

  it("definition from a DAG entry goes to the task class in the other file", async () => {
    const defs = locations(
      await lsp.request(DefinitionRequest.method, { textDocument: { uri: lsp.uri(DAGS) }, position: positionOf(lsp.text(DAGS), "ReportTask]", 0, 3) }),
    );
    assert.equal(defs.length, 1, JSON.stringify(defs));
    assert.equal(defs[0]!.uri, lsp.uri(TASKS));
    assert.equal(defs[0]!.range.start.line, lineOf(lsp.text(TASKS), "class ReportTask"));
  });

  it("definition from a label in .vscode/tasks.json goes to the task class", async () => {
    await lsp.open(VSCODE_TASKS);
    const text = lsp.text(VSCODE_TASKS);
    const defs = locations(await lsp.request(DefinitionRequest.method, { textDocument: { uri: lsp.uri(VSCODE_TASKS) }, position: positionOf(text, '"data"]', 0, 2) }));
    assert.equal(defs.length, 1, JSON.stringify(defs));
    assert.equal(defs[0]!.uri, lsp.uri(TASKS));
    assert.equal(defs[0]!.range.start.line, lineOf(lsp.text(TASKS), "class DataTask"));
  });

  it("definition from a label in a patch yaml goes to the task class; references from the static label reach the yaml", async () => {
    await lsp.open(PATCH);
    const yaml = lsp.text(PATCH);
    const defs = locations(await lsp.request(DefinitionRequest.method, { textDocument: { uri: lsp.uri(PATCH) }, position: positionOf(yaml, "from_task: data", 0, 12) }));
    assert.deepEqual(defs.map((d) => [d.uri, d.range.start.line]), [[lsp.uri(TASKS), lineOf(lsp.text(TASKS), "class DataTask")]]);
    const refs = locations(
      await lsp.request(ReferencesRequest.method, {
        textDocument: { uri: lsp.uri(TASKS) },
        position: positionOf(lsp.text(TASKS), '"data"', 0, 2),
        context: { includeDeclaration: false },
      }),
    );
    const inYaml = refs.filter((r) => r.uri === lsp.uri(PATCH));
    assert.deepEqual(inYaml.map((r) => textAt(yaml, r.range)), ["data"], JSON.stringify(refs));
    assert.ok(!refs.some((r) => r.uri === lsp.uri(PATCH) && r.range.start.line === 0), "the comment's 'data' is not a reference");
  });

  it("references of a task class list its DAG entry and its label in .vscode/tasks.json", async () => {
    const refs = locations(
      await lsp.request(ReferencesRequest.method, {
        textDocument: { uri: lsp.uri(TASKS) },
        position: positionOf(lsp.text(TASKS), "DataTask", 0, 1),
        context: { includeDeclaration: false },
      }),
    );
    const seen = refs.map((r) => `${r.uri}#${r.range.start.line}`);
    assert.ok(seen.includes(`${lsp.uri(DAGS)}#${lineOf(lsp.text(DAGS), "static tasks")}`), `DAG entry missing: ${seen}`);
    const tasksJson = refs.find((r) => r.uri === lsp.uri(VSCODE_TASKS));
    assert.ok(tasksJson, `tasks.json missing: ${seen}`);
    assert.match(textAt(lsp.text(VSCODE_TASKS), tasksJson.range), /^"?data"?$/);
  });

  it("document symbols list the DAG of a DAG file and each Task of a task file", async () => {
    const dagSymbols = await lsp.request<{ name: string }[]>(DocumentSymbolRequest.method, { textDocument: { uri: lsp.uri(DAGS) } });
    assert.ok(dagSymbols.some((s) => /TrainingDAG|training/.test(s.name)), JSON.stringify(dagSymbols));
    const taskSymbols = await lsp.request<{ name: string }[]>(DocumentSymbolRequest.method, { textDocument: { uri: lsp.uri(TASKS) } });
    for (const name of ["DataTask|data", "TrainTask|train", "ReportTask|reporttask"]) {
      assert.ok(taskSymbols.some((s) => new RegExp(name).test(s.name)), `${name} missing: ${JSON.stringify(taskSymbols)}`);
    }
  });

  it("workspace symbols find DAGs and tasks by label", async () => {
    const symbols = await lsp.request<{ name: string; location: Location }[]>(WorkspaceSymbolRequest.method, { query: "train" });
    const dag = symbols.find((s) => s.location.uri === lsp.uri(DAGS));
    assert.ok(dag && /training/.test(dag.name), JSON.stringify(symbols));
    const task = symbols.find((s) => s.location.uri === lsp.uri(TASKS) && /\btrain\b/.test(s.name));
    assert.ok(task, JSON.stringify(symbols));
    assert.equal(task.location.range.start.line, lineOf(lsp.text(TASKS), "class TrainTask"));
    assert.ok(!symbols.some((s) => /\bdata\b/.test(s.name)), "a symbol not matching the query");
  });

  describe("custom requests", () => {
    it("gluepy/dags lists the DAG (label, class, file, task count, problems) and the tasks with the DAGs using them", async () => {
      const list = await lsp.request(DagListRequest, {});
      assert.deepEqual(
        list.dags.map((d) => [d.label, d.className, d.location.uri, d.location.range.start.line, d.taskCount, d.problems]),
        [["training", "TrainingDAG", lsp.uri(DAGS), lineOf(lsp.text(DAGS), "class TrainingDAG"), 3, []]],
      );
      assert.deepEqual(
        list.tasks.map((t) => [t.label, t.className, t.location.uri, t.dags]).sort(),
        [
          ["data", "DataTask", lsp.uri(TASKS), ["training"]],
          ["reporttask", "ReportTask", lsp.uri(TASKS), ["training"]],
          ["train", "TrainTask", lsp.uri(TASKS), ["training"]],
        ],
      );
      const onlyTasksFile = await lsp.request(DagListRequest, { uri: lsp.uri(TASKS) });
      assert.deepEqual(onlyTasksFile.dags, []);
    });

    it("gluepy/graph gives nodes with their class location, entry location and edges; null for an unknown label", async () => {
      const graph = await lsp.request(DagGraphRequest, { label: "training" });
      assert.ok(graph);
      assert.equal(graph.dag, "training");
      assert.equal(graph.className, "TrainingDAG");
      assert.deepEqual(graph.edges, [
        ["data", "train"],
        ["train", "reporttask"],
      ]);
      const tasksText = lsp.text(TASKS);
      for (const [label, cls] of [["data", "DataTask"], ["train", "TrainTask"], ["reporttask", "ReportTask"]]) {
        const node: TaskNode<SourceLocation> | undefined = graph.nodes.find((n) => n.label === label);
        assert.ok(node, `node ${label}`);
        assert.equal(node.className, cls);
        assert.deepEqual([node.loc?.uri, node.loc?.range.start.line], [lsp.uri(TASKS), lineOf(tasksText, `class ${cls}`)]);
        assert.equal(node.entryLoc?.uri, lsp.uri(DAGS));
        assert.equal(textAt(lsp.text(DAGS), node.entryLoc!.range), cls);
      }
      assert.deepEqual(graph.dagsUsing, { data: ["training"], train: ["training"], reporttask: ["training"] }, "each task with the DAGs using it");
      assert.equal(await lsp.request(DagGraphRequest, { label: "no-such-dag" }), null);
    });
  });

  it("rename of a task label edits the static label and its uses in .vscode/tasks.json and the patch yaml, not look-alike words", async () => {
    const text = lsp.text(TASKS);
    const position = positionOf(text, '"data"', 0, 2);
    const prepared = await lsp.request<unknown>(PrepareRenameRequest.method, { textDocument: { uri: lsp.uri(TASKS) }, position });
    assert.ok(prepared, "prepareRename refused the label");
    const edit = await lsp.request<WorkspaceEdit | null>(RenameRequest.method, { textDocument: { uri: lsp.uri(TASKS) }, position, newName: "ingest" });
    assert.ok(edit, "no rename edit");
    const byUri = editsByUri(edit);
    const renamed = (rel: string) => applyEdits(lsp.text(rel), byUri.get(lsp.uri(rel)) ?? []);
    assert.equal(renamed(TASKS), text.replace('static label = "data"', 'static label = "ingest"'));
    assert.equal(renamed(VSCODE_TASKS), lsp.text(VSCODE_TASKS).replace('"--task", "data"', '"--task", "ingest"'));
    assert.equal(renamed(PATCH), lsp.text(PATCH).replace("from_task: data", "from_task: ingest"));
    assert.deepEqual([...byUri.keys()].sort(), [lsp.uri(TASKS), lsp.uri(VSCODE_TASKS), lsp.uri(PATCH)].sort(), "no other file is edited");
  });

  it("rename of a DAG label edits its static label and the DAG argument in .vscode/tasks.json", async () => {
    const text = lsp.text(DAGS);
    const position = positionOf(text, '"training"', 0, 3);
    const edit = await lsp.request<WorkspaceEdit | null>(RenameRequest.method, { textDocument: { uri: lsp.uri(DAGS) }, position, newName: "fit" });
    assert.ok(edit, "no rename edit");
    const byUri = editsByUri(edit);
    assert.deepEqual([...byUri.keys()].sort(), [lsp.uri(DAGS), lsp.uri(VSCODE_TASKS)].sort());
    assert.equal(applyEdits(text, byUri.get(lsp.uri(DAGS))!), text.replace('static label = "training"', 'static label = "fit"'));
    assert.equal(
      applyEdits(lsp.text(VSCODE_TASKS), byUri.get(lsp.uri(VSCODE_TASKS))!),
      lsp.text(VSCODE_TASKS).replace('"dag", "training"', '"dag", "fit"'),
    );
  });

  it("rename refuses a label another task already has (it would merge their references), naming that class", async () => {
    const text = lsp.text(TASKS);
    const position = positionOf(text, '"data"', 0, 2);
    await assert.rejects(
      lsp.request(RenameRequest.method, { textDocument: { uri: lsp.uri(TASKS) }, position, newName: "train" }),
      (e: Error) => /train/.test(e.message) && /TrainTask/.test(e.message),
    );
  });

  it("rename refuses a name that cannot be a label", async () => {
    const position = positionOf(lsp.text(TASKS), '"data"', 0, 2);
    await assert.rejects(lsp.request(RenameRequest.method, { textDocument: { uri: lsp.uri(TASKS) }, position, newName: "has space" }), /label/);
  });
});
