// DESIGN §5's diagnostic table over real LSP: one fixture file per code, checked for the exact code,
// severity, source, place, message and related information a user sees in the Problems panel.

import assert from "node:assert/strict";
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver-protocol";
import { LspSession } from "../support/lsp-session";
import { serveFixture } from "../support/fixture-workspace";
import { lineOf, offsetAt, textAt } from "../support/text-positions";
import { messageText } from "../support/lsp-answers";
import { DagGraphRequest, DagListRequest } from "../../../shared/protocol";

const nonEmpty = (d: Diagnostic[]) => d.length > 0;

describe("diagnostics over LSP (fixture: diagnostics)", function () {
  this.timeout(30_000);
  let lsp!: LspSession;
  serveFixture("diagnostics", (session) => (lsp = session));

  /** The single diagnostic of a file, after checking it is the only one and comes from gluepy. */
  async function only(rel: string): Promise<Diagnostic> {
    const diags = await lsp.waitForDiagnostics(rel, nonEmpty);
    assert.equal(diags.length, 1, `${rel}: expected one diagnostic, got ${JSON.stringify(diags, null, 1)}`);
    assert.equal(diags[0]!.source, "gluepy");
    return diags[0]!;
  }

  it("publishes no diagnostics for a valid DAG with a parallel stage", async () => {
    assert.deepEqual(await lsp.waitForDiagnostics("src/clean.ts"), []);
  });

  it("unknown-task: an error on the entry that names no Task or DAG class", async () => {
    const d = await only("src/unknown-task.ts");
    assert.equal(d.code, "unknown-task");
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(textAt(lsp.text("src/unknown-task.ts"), d.range), "MissingTask");
    assert.match(messageText(d), /MissingTask/);
  });

  it("unknown-dependency: an error on the .after() argument that is not in this DAG", async () => {
    const d = await only("src/unknown-dependency.ts");
    assert.equal(d.code, "unknown-dependency");
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(textAt(lsp.text("src/unknown-dependency.ts"), d.range), "CTask");
    assert.match(messageText(d), /'c'/);
  });

  it("cycle: an error whose message spells the path a → b → a, with related information at each step", async () => {
    const rel = "src/cycle.ts";
    const d = await only(rel);
    assert.equal(d.code, "cycle");
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(messageText(d), /\b(a → b → a|b → a → b)\b/);
    const text = lsp.text(rel);
    const related = d.relatedInformation ?? [];
    assert.equal(related.length, 2, JSON.stringify(related));
    for (const r of related) assert.equal(r.location.uri, lsp.uri(rel));
    const lines = related.map((r) => r.location.range.start.line).sort((x, y) => x - y);
    assert.deepEqual(lines, [lineOf(text, "ATask.after(BTask)"), lineOf(text, "BTask.after(ATask)")]);
    assert.ok(
      [lineOf(text, "ATask.after(BTask)"), lineOf(text, "BTask.after(ATask)")].includes(d.range.start.line),
      `cycle shown on line ${d.range.start.line}, expected one of its entries`,
    );
  });

  it("duplicate-task: an error on the second appearance, related information at the first", async () => {
    const rel = "src/duplicate-task.ts";
    const d = await only(rel);
    assert.equal(d.code, "duplicate-task");
    assert.equal(d.severity, DiagnosticSeverity.Error);
    const text = lsp.text(rel);
    const second = text.lastIndexOf("ATask]");
    assert.equal(textAt(text, d.range), "ATask");
    assert.equal(offsetAt(text, d.range.start), second, "shown on the second ATask");
    const related = d.relatedInformation ?? [];
    assert.equal(related.length, 1);
    assert.equal(related[0]!.location.uri, lsp.uri(rel));
    assert.equal(textAt(text, related[0]!.location.range), "ATask");
    assert.ok(related[0]!.location.range.start.character < d.range.start.character, "related points at the first ATask");
  });

  it("empty-dag: a warning on the DAG with no tasks", async () => {
    const rel = "src/empty.ts";
    const d = await only(rel);
    assert.equal(d.code, "empty-dag");
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.equal(d.range.start.line, lineOf(lsp.text(rel), "class EmptyDAG"));
  });

  it("not-static: information on an entry built by a call", async () => {
    const rel = "src/not-static.ts";
    const d = await only(rel);
    assert.equal(d.code, "not-static");
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.equal(d.range.start.line, lineOf(lsp.text(rel), "pickTask()]"));
  });

  it("not-static: information on a label built from an expression", async () => {
    const rel = "src/not-static-label.ts";
    const d = await only(rel);
    assert.equal(d.code, "not-static");
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.equal(d.range.start.line, lineOf(lsp.text(rel), "static label"));
  });

  it("not-static: information on a task list returned by a function", async () => {
    const rel = "src/not-static-list.ts";
    const d = await only(rel);
    assert.equal(d.code, "not-static");
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.equal(d.range.start.line, lineOf(lsp.text(rel), "static tasks"));
  });

  it("evalTasks run after the others (or after their .after() deps) and are marked eval in the graph", async () => {
    assert.deepEqual(await lsp.waitForDiagnostics("src/eval.ts"), []);
    const graph = await lsp.request(DagGraphRequest, { label: "with_eval" });
    assert.ok(graph);
    assert.deepEqual(graph.edges.map((e) => e.join("→")).sort(), ["a→b", "a→c"]);
    assert.deepEqual(graph.nodes.map((n) => [n.label, n.eval]).sort(), [["a", false], ["b", false], ["c", true]]);
  });

  it("duplicate-label: an error on each of the two tasks, related information pointing at the other file", async () => {
    const one = await only("src/dup-one.ts");
    const two = await only("src/dup-two.ts");
    for (const [d, self, other, otherClass] of [
      [one, "src/dup-one.ts", "src/dup-two.ts", "class SecondLoad"],
      [two, "src/dup-two.ts", "src/dup-one.ts", "class FirstLoad"],
    ] as const) {
      assert.equal(d.code, "duplicate-label");
      assert.equal(d.severity, DiagnosticSeverity.Error);
      assert.match(messageText(d), /'load'/);
      assert.ok(d.range.start.line <= lineOf(lsp.text(self), 'static label = "load"'));
      const related = d.relatedInformation ?? [];
      assert.equal(related.length, 1, JSON.stringify(related));
      assert.equal(related[0]!.location.uri, lsp.uri(other));
      assert.equal(related[0]!.location.range.start.line, lineOf(lsp.text(other), otherClass));
    }
  });

  it("cycle through sub-DAGs: each DAG of the loop gets the error at its entry, with the path and related information", async () => {
    const rel = "src/subdag-cycle.ts";
    const diags = await lsp.waitForDiagnostics(rel, (d) => d.length >= 2);
    const text = lsp.text(rel);
    assert.deepEqual(
      diags.map((d) => [d.code, d.severity, d.source, textAt(text, d.range)]).sort(),
      [
        ["cycle", DiagnosticSeverity.Error, "gluepy", "LoopBackDAG"],
        ["cycle", DiagnosticSeverity.Error, "gluepy", "LoopDAG"],
      ],
    );
    const messages = diags.map(messageText).join("\n");
    assert.match(messages, /loop → loop_back → loop/);
    assert.match(messages, /loop_back → loop → loop_back/);
    for (const d of diags) {
      assert.equal(d.relatedInformation?.length, 2, JSON.stringify(d.relatedInformation));
      for (const r of d.relatedInformation!) assert.equal(r.location.uri, lsp.uri(rel));
    }
  });

  it("a valid sub-DAG from another file is inlined: no diagnostics, grouped nodes in the graph", async () => {
    assert.deepEqual(await lsp.waitForDiagnostics("src/subdag-inner.ts"), []);
    const graph = await lsp.request(DagGraphRequest, { label: "outer" });
    assert.ok(graph);
    assert.deepEqual(graph.problems, []);
    assert.deepEqual(graph.edges, [["a", "c"]]);
    assert.deepEqual(graph.groups.map((g) => [g.id, g.label, g.className, g.loc?.uri]), [["inner", "inner", "InnerDAG", lsp.uri("src/subdag-inner.ts")]]);
    assert.deepEqual(graph.nodes.find((n) => n.label === "c")?.groups, ["inner"]);
  });

  it("duplicate-label between two DAGs: an error on each, related information pointing at the other", async () => {
    const one = await only("src/dag-label-one.ts");
    const two = await only("src/dag-label-two.ts");
    assert.deepEqual([one.code, two.code], ["duplicate-label", "duplicate-label"]);
    assert.equal(one.relatedInformation?.[0]?.location.uri, lsp.uri("src/dag-label-two.ts"));
    assert.equal(two.relatedInformation?.[0]?.location.uri, lsp.uri("src/dag-label-one.ts"));
  });

  it("a DAG may share its label with a Task: no duplicate-label", async () => {
    assert.deepEqual(await lsp.waitForDiagnostics("src/same-label.ts"), []);
    const graph = await lsp.request(DagGraphRequest, { label: "a" });
    assert.deepEqual([graph?.className, graph?.nodes.map((n) => n.label)], ["ALabelDAG", ["b"]]);
  });

  it("duplicate-label counts default labels: class Shipping (no static label) clashes with label \"shipping\"", async () => {
    const one = await only("src/default-label-one.ts");
    const two = await only("src/default-label-two.ts");
    assert.deepEqual([one.code, two.code], ["duplicate-label", "duplicate-label"]);
    assert.match(messageText(one), /'shipping'/);
    assert.equal(one.relatedInformation?.[0]?.location.uri, lsp.uri("src/default-label-two.ts"));
  });

  it("gluepy/dags and gluepy/graph carry the same problems as the diagnostics (code, severity, cycle path, locations)", async () => {
    await only("src/cycle.ts");
    const list = await lsp.request(DagListRequest, {});
    const summary = (label: string) => list.dags.find((d) => d.label === label)?.problems.map((p) => [p.code, p.severity]);
    assert.deepEqual(summary("cycle"), [["cycle", "error"]]);
    assert.deepEqual(summary("empty"), [["empty-dag", "warning"]]);
    assert.deepEqual(summary("not_static"), [["not-static", "information"]]);
    assert.deepEqual(summary("clean"), []);
    const graph = await lsp.request(DagGraphRequest, { label: "cycle" });
    const problem = graph?.problems[0];
    assert.ok(problem && problem.code === "cycle", JSON.stringify(graph?.problems));
    assert.ok(["a,b,a", "b,a,b"].includes(problem.path?.join(",") ?? ""), `path ${problem.path}`);
    assert.equal(problem.loc?.uri, lsp.uri("src/cycle.ts"));
    assert.deepEqual(problem.related.map((r) => r.loc?.uri), [lsp.uri("src/cycle.ts"), lsp.uri("src/cycle.ts")]);
  });

  it("publishes nothing on the task file that every DAG uses", async () => {
    const published = lsp.latest("src/tasks.ts");
    assert.ok(!published || published.diagnostics.length === 0, JSON.stringify(published));
  });
});
