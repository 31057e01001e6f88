// Quick fixes and completion over real LSP: each is applied the way an editor applies it, and the
// resulting buffer is sent back to prove the problem is gone (fixture: fixes).

import assert from "node:assert/strict";
import {
  CodeActionRequest,
  CompletionRequest,
  CompletionResolveRequest,
  type CodeAction,
  type Command,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type TextEdit,
} from "vscode-languageserver-protocol";
import { LspSession } from "../support/lsp-session";
import { serveFixture } from "../support/fixture-workspace";
import { applyEdits, editsByUri, positionOf } from "../support/text-positions";

describe("quick fixes and completion over LSP (fixture: fixes)", function () {
  this.timeout(30_000);
  let lsp!: LspSession;
  serveFixture("fixes", (session) => (lsp = session), { open: ["src/missing-import.ts", "src/duplicate.ts", "src/complete.ts", "src/nested/deep/dag.ts", "src/nested/deep/complete.ts"] });

  /** The quick fixes offered for the file's single diagnostic with `code`. */
  async function quickFixes(rel: string, code: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
    const diags = await lsp.waitForDiagnostics(rel, (d) => d.some((x) => x.code === code));
    const diagnostic = diags.find((d) => d.code === code)!;
    const answer = await lsp.request<(CodeAction | Command)[] | null>(CodeActionRequest.method, {
      textDocument: { uri: lsp.uri(rel) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ["quickfix"] },
    });
    const actions = (answer ?? []).filter((a): a is CodeAction => "edit" in a || "kind" in a);
    return { diagnostic, actions };
  }

  /** Applies a code action's edit to the buffer and sends it, then waits for the file's new diagnostics. */
  async function applyAndRecheck(rel: string, action: CodeAction): Promise<{ text: string; diagnostics: Diagnostic[] }> {
    assert.ok(action.edit, `action '${action.title}' carries no edit`);
    const edits = editsByUri(action.edit).get(lsp.uri(rel));
    assert.ok(edits && edits.length > 0, `action '${action.title}' does not edit ${rel}`);
    const text = applyEdits(lsp.text(rel), edits);
    const mark = lsp.mark;
    await lsp.change(rel, text);
    return { text, diagnostics: await lsp.waitForDiagnostics(rel, () => true, { after: mark }) };
  }

  it("unknown-task whose class exists in another file: 'add the missing import' fixes it", async () => {
    const rel = "src/missing-import.ts";
    const { diagnostic, actions } = await quickFixes(rel, "unknown-task");
    const fix = actions.find((a) => /import/i.test(a.title));
    assert.ok(fix, `no import fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.kind, "quickfix");
    assert.deepEqual(fix.diagnostics?.map((d) => d.code), [diagnostic.code]);
    const { text, diagnostics } = await applyAndRecheck(rel, fix);
    assert.match(text, /import \{[^}]*\bTrainTask\b[^}]*\} from "\.\/tasks(\.js)?";/);
    assert.equal(text.match(/from "\.\/tasks/g)?.length, 1, `one import of ./tasks, got:\n${text}`);
    assert.deepEqual(diagnostics, []);
  });

  it("duplicate-task: 'remove the duplicate entry' leaves each task once and the DAG clean", async () => {
    const rel = "src/duplicate.ts";
    const { actions } = await quickFixes(rel, "duplicate-task");
    const fix = actions.find((a) => /remove/i.test(a.title));
    assert.ok(fix, `no remove fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    const { text, diagnostics } = await applyAndRecheck(rel, fix);
    assert.match(text, /static tasks = \[DataTask, TrainTask\s*\];/);
    assert.deepEqual(diagnostics, []);
  });

  it("completion inside `static tasks = [` offers task classes, with an auto-import for one not yet imported", async () => {
    const rel = "src/complete.ts";
    const typed = lsp.text(rel).replace("[DataTask]", "[DataTask, Tr]");
    await lsp.change(rel, typed);
    const position = positionOf(typed, "Tr]", 0, 2);
    const answer = await lsp.request<CompletionItem[] | CompletionList | null>(CompletionRequest.method, { textDocument: { uri: lsp.uri(rel) }, position });
    const items = Array.isArray(answer) ? answer : (answer?.items ?? []);
    let item = items.find((i) => i.label === "TrainTask");
    assert.ok(item, `TrainTask not offered: ${JSON.stringify(items.map((i) => i.label))}`);
    if (!item.additionalTextEdits) item = await lsp.request<CompletionItem>(CompletionResolveRequest.method, item);
    assert.ok(item.additionalTextEdits?.length, "no auto-import edit");
    // Insert the item as an editor does: its textEdit, or its text over the typed word.
    const main: TextEdit =
      item.textEdit && "range" in item.textEdit
        ? item.textEdit
        : { range: { start: positionOf(typed, "Tr]"), end: position }, newText: item.textEdit?.newText ?? item.insertText ?? item.label };
    const text = applyEdits(typed, [main, ...item.additionalTextEdits]);
    assert.match(text, /static tasks = \[DataTask, TrainTask\];/);
    assert.match(text, /import \{[^}]*\bTrainTask\b[^}]*\} from "\.\/tasks(\.js)?";/);
    const mark = lsp.mark;
    await lsp.change(rel, text);
    assert.deepEqual(await lsp.waitForDiagnostics(rel, () => true, { after: mark }), []);
  });

  it("import fixes in a nested folder use correct relative paths, default imports for default exports, and add up to a clean DAG", async () => {
    const rel = "src/nested/deep/dag.ts";
    const initial = await lsp.waitForDiagnostics(rel, (d) => d.length === 3);
    assert.deepEqual(initial.map((d) => d.code), ["unknown-task", "unknown-task", "unknown-task"]);
    for (let round = 0; round < 3; round++) {
      const diags = lsp.latest(rel)!.diagnostics;
      assert.equal(diags.length, 3 - round, JSON.stringify(diags));
      const { actions } = await quickFixes(rel, "unknown-task");
      const fix = actions.find((a) => /import/i.test(a.title));
      assert.ok(fix, `round ${round}: no import fix among ${JSON.stringify(actions.map((a) => a.title))}`);
      const { diagnostics } = await applyAndRecheck(rel, fix);
      assert.equal(diagnostics.length, 2 - round, `round ${round}: ${JSON.stringify(diagnostics)}\n${lsp.text(rel)}`);
    }
    const text = lsp.text(rel);
    assert.match(text, /import \{[^}]*\bDataTask\b[^}]*\} from "\.\.\/\.\.\/tasks(\.js)?";/);
    assert.match(text, /import \{[^}]*\bTrainTask\b[^}]*\} from "\.\.\/\.\.\/tasks(\.js)?";/);
    assert.match(text, /import SoloTask from "\.\.\/\.\.\/solo-task(\.js)?";/);
  });

  it("completion with auto-import in a nested folder, into an empty task list, imports with the right relative path", async () => {
    const rel = "src/nested/deep/complete.ts";
    const typed = lsp.text(rel).replace("static tasks = [];", "static tasks = [Da];");
    await lsp.change(rel, typed);
    const position = positionOf(typed, "Da]", 0, 2);
    const answer = await lsp.request<CompletionItem[] | CompletionList | null>(CompletionRequest.method, { textDocument: { uri: lsp.uri(rel) }, position });
    const items = Array.isArray(answer) ? answer : (answer?.items ?? []);
    let item = items.find((i) => i.label === "DataTask");
    assert.ok(item, `DataTask not offered: ${JSON.stringify(items.map((i) => i.label))}`);
    if (!item.additionalTextEdits) item = await lsp.request<CompletionItem>(CompletionResolveRequest.method, item);
    const main: TextEdit =
      item.textEdit && "range" in item.textEdit
        ? item.textEdit
        : { range: { start: positionOf(typed, "Da]"), end: position }, newText: item.textEdit?.newText ?? item.insertText ?? item.label };
    const text = applyEdits(typed, [main, ...(item.additionalTextEdits ?? [])]);
    assert.match(text, /static tasks = \[DataTask\];/);
    assert.match(text, /import \{ DataTask \} from "\.\.\/\.\.\/tasks(\.js)?";/);
    const mark = lsp.mark;
    await lsp.change(rel, text);
    assert.deepEqual(await lsp.waitForDiagnostics(rel, () => true, { after: mark }), []);
  });
});
