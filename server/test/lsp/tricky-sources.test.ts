// Source text that trips quick scanners, over real LSP: braces inside strings, templates, regexes and
// comments, static blocks, JSX, CRLF line endings, task classes in a namespace or written as class
// expressions, type arguments, re-exports that loop and classes that extend each other. The DAG must be clean and each node must sit on its class (fixture: tricky).

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DagGraphRequest } from "../../../shared/protocol";
import { LspSession } from "../support/lsp-session";
import { serveFixture } from "../support/fixture-workspace";
import { lineOf, textAt } from "../support/text-positions";

/** A DAG file saved with Windows line endings and non-ASCII text before an entry (LSP counts UTF-16 units). */
function writeCrlfFile(root: string): void {
  const lines = ['import { DAG } from "gluepy";', 'import { LastTask } from "./tasks";', "", "export class CrlfDAG extends DAG {", '  static label = "crlf";', "  static tasks = [/* 🚀 données */ LastTask, MissingCrlf];", "}", ""];
  writeFileSync(join(root, "src/crlf.ts"), lines.join("\r\n"));
}

describe("tricky sources over LSP (fixture: tricky)", function () {
  this.timeout(30_000);
  let lsp!: LspSession;
  serveFixture("tricky", (session) => (lsp = session), { prepare: writeCrlfFile });

  it("reads every task class after method bodies full of braces in strings, templates, regexes and comments, and in a .tsx file", async () => {
    assert.deepEqual(await lsp.waitForDiagnostics("src/dags.ts"), []);
    const graph = await lsp.request(DagGraphRequest, { label: "tricky" });
    const where = (file: string, cls: string) => [lsp.uri(file), lineOf(lsp.text(file), `class ${cls}`)];
    assert.deepEqual(
      graph?.nodes.map((n) => [n.label, n.loc?.uri, n.loc?.range.start.line]),
      [
        ["braces", ...where("src/tasks.ts", "BracesTask")],
        ["after_tricks", ...where("src/tasks.ts", "AfterTricksTask")],
        ["static_block", ...where("src/tasks.ts", "WithStaticBlockTask")],
        ["tsx_task", ...where("src/component.tsx", "TsxTask")],
        ["last", ...where("src/tasks.ts", "LastTask")],
      ],
    );
  });

  it("resolves a task declared in a namespace (Jobs.NamespacedTask) and one declared as a class expression", async () => {
    assert.deepEqual(await lsp.waitForDiagnostics("src/namespaced.ts"), []);
    const graph = await lsp.request(DagGraphRequest, { label: "namespaced_dag" });
    assert.deepEqual(graph?.nodes.map((n) => n.label), ["namespaced", "expression"]);
  });

  it("places diagnostics right in a file with CRLF line endings and an emoji before the entry", async () => {
    const rel = "src/crlf.ts";
    const diags = await lsp.waitForDiagnostics(rel, (d) => d.length > 0);
    assert.deepEqual(
      diags.map((d) => [d.code, d.range.start.line, textAt(lsp.text(rel), d.range)]),
      [["unknown-task", 5, "MissingCrlf"]],
    );
  });

  it("terminates on re-exports that loop and classes that extend each other, and flags what does not resolve", async () => {
    const rel = "src/loops-dag.ts";
    const diags = await lsp.waitForDiagnostics(rel, (d) => d.length > 0);
    assert.deepEqual(diags.map((d) => [d.code, textAt(lsp.text(rel), d.range)]).sort(), [
      ["unknown-task", "NotThere"],
      ["unknown-task", "Ping"],
    ]);
    const graph = await lsp.request(DagGraphRequest, { label: "loops" });
    assert.deepEqual(graph?.nodes.map((n) => [n.label, n.loc?.uri]), [["loop_a", lsp.uri("src/loop-a.ts")]]);
  });

  it("reads Task and DAG classes with type arguments (extends Task<Context>)", async () => {
    assert.deepEqual(await lsp.waitForDiagnostics("src/generic-task.ts"), []);
    const graph = await lsp.request(DagGraphRequest, { label: "typed_dag" });
    assert.deepEqual(graph?.nodes.map((n) => n.label), ["typed"]);
  });
});
