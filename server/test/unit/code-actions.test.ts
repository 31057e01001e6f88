// Quick fixes decided from the index: which diagnostics get a fix, and the edit each makes.

import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileProblems } from "../../src/diagnostics/file-problems";
import { toDiagnostic } from "../../src/diagnostics/to-lsp";
import { codeActions } from "../../src/features/code-actions";
import { Workspace } from "../../src/workspace";

describe("codeActions", () => {
  let root: string;
  let ws: Workspace;
  const file = (rel: string) => join(root, rel);

  before(async () => {
    root = mkdtempSync(join(tmpdir(), "gluepy-ls-fixes-"));
    mkdirSync(join(root, "src"));
    writeFileSync(file("src/tasks.ts"), `import { Task } from "gluepy";\nexport class A extends Task { run() {} }\nexport class B extends Task { run() {} }\n`);
    writeFileSync(
      file("src/dags.ts"),
      `import { DAG } from "gluepy";\nimport { A } from "./tasks.js";\n` +
        `export class Sub extends DAG { static tasks = [A]; }\n` +
        `export class Outer extends DAG { static tasks = [A, Sub, B, A]; }\n`,
    );
    ws = new Workspace(() => {});
    await ws.load([root]);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function actionsFor(code: string) {
    const diagnostics = fileProblems(ws.index, file("src/dags.ts")).map(toDiagnostic).filter((d) => d.code === code);
    return diagnostics.map((d) => ({ d, actions: codeActions(ws, file("src/dags.ts"), [d]) }));
  }

  it("adds the missing name to the existing import of the module, in the project's .js style", () => {
    const [{ actions }] = actionsFor("unknown-task");
    assert.deepEqual(actions.map((a) => a.title), [`Import 'B' from "./tasks.js"`]);
    const edits = Object.values(actions[0].edit!.changes!)[0];
    assert.deepEqual(edits, [{ range: { start: { line: 1, character: 10 }, end: { line: 1, character: 10 } }, newText: ", B" }]);
  });

  it("removes a task listed twice, but never a sub-DAG entry for a task duplicated inside it", () => {
    const found = actionsFor("duplicate-task");
    // `static tasks = [A, Sub, B, A]`: the second A starts at character 60, Sub at 52.
    const direct = found.find((f) => f.d.range.start.character === 60)!;
    assert.equal(direct.actions.length, 1);
    assert.deepEqual(Object.values(direct.actions[0].edit!.changes!)[0][0], {
      range: { start: { line: 3, character: 58 }, end: { line: 3, character: 61 } },
      newText: "",
    });
    const viaSub = found.find((f) => f.d.range.start.character === 52);
    assert.ok(viaSub, "the duplicate inside Sub is reported on its entry");
    assert.deepEqual(viaSub.actions, []);
  });
});
