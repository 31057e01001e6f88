// Every import form DESIGN §5 and issue 3 name, over real LSP: each DAG file imports its tasks one way;
// the DAG must be clean AND its graph must place each node at the class's real definition.

import assert from "node:assert/strict";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { DagGraphRequest } from "../../../shared/protocol";
import { LspSession } from "../support/lsp-session";
import { serveFixture } from "../support/fixture-workspace";
import { lineOf, textAt } from "../support/text-positions";

interface ImportCase {
  form: string;
  dagFile: string;
  dag: string;
  /** Expected nodes: task label → [defining file, text on its class line]. */
  nodes: Record<string, [string, string]>;
}

const cases: ImportCase[] = [
  { form: "named import", dagFile: "named", dag: "import_named", nodes: { named: ["src/lib/named.ts", "class NamedTask"] } },
  { form: "renamed import (as)", dagFile: "renamed", dag: "import_renamed", nodes: { renamed: ["src/lib/renamed.ts", "class OriginalNameTask"] } },
  { form: "namespace import (ns.Task)", dagFile: "namespace", dag: "import_namespace", nodes: { ns: ["src/lib/ns.ts", "class NsTask"] } },
  { form: "default import", dagFile: "default", dag: "import_default", nodes: { default: ["src/lib/default-task.ts", "class DefaultTask"] } },
  { form: "renamed re-export (export { A as B } from)", dagFile: "reexport", dag: "import_reexport", nodes: { reexported: ["src/lib/origin.ts", "class OriginTask"] } },
  { form: "export * re-export", dagFile: "star", dag: "import_star", nodes: { star: ["src/lib/star-inner.ts", "class StarTask"] } },
  {
    form: "barrel folder import (index.ts, named and * re-exports)",
    dagFile: "barrel",
    dag: "import_barrel",
    nodes: { barrel_first: ["src/lib/barrel/first.ts", "class BarrelFirstTask"], barrel_second: ["src/lib/barrel/second.ts", "class BarrelSecondTask"] },
  },
  { form: "explicit index.js → index.ts", dagFile: "barrel-index", dag: "import_barrel_index", nodes: { barrel_first: ["src/lib/barrel/first.ts", "class BarrelFirstTask"] } },
  { form: ".js specifier → .ts file", dagFile: "js-ext", dag: "import_js_ext", nodes: { js_ext: ["src/lib/js-ext.ts", "class JsExtTask"] } },
  { form: "tsconfig paths alias", dagFile: "paths", dag: "import_paths", nodes: { paths: ["src/lib/aliased/paths-task.ts", "class PathsTask"] } },
  { form: "tsconfig baseUrl specifier", dagFile: "base-url", dag: "import_base_url", nodes: { base_url: ["src/lib/base-url-task.ts", "class BaseUrlTask"] } },
  {
    form: "subclass chains (Task as alias, gluepy namespace, DAG base class)",
    dagFile: "subclass",
    dag: "import_subclass",
    nodes: {
      middle: ["src/lib/chain.ts", "class MiddleTask"],
      leaf: ["src/lib/chain.ts", "class LeafTask"],
      ns_base: ["src/lib/chain.ts", "class NsBaseTask"],
    },
  },
];

describe("import forms over LSP (fixture: imports)", function () {
  this.timeout(30_000);
  let lsp!: LspSession;
  serveFixture("imports", (session) => (lsp = session));

  for (const c of cases) {
    it(`resolves a ${c.form}: no diagnostics, graph nodes at the defining class`, async () => {
      const rel = `src/dags/${c.dagFile}.ts`;
      assert.deepEqual(await lsp.waitForDiagnostics(rel), [], `${rel} should be clean`);
      const graph = await lsp.request(DagGraphRequest, { label: c.dag });
      assert.ok(graph, `gluepy/graph has no DAG '${c.dag}'`);
      assert.deepEqual(graph.problems, []);
      assert.deepEqual(graph.nodes.map((n) => n.label).sort(), Object.keys(c.nodes).sort());
      for (const node of graph.nodes) {
        const [file, classText] = c.nodes[node.label]!;
        assert.equal(node.loc?.uri, lsp.uri(file), `node '${node.label}' location`);
        assert.equal(node.loc!.range.start.line, lineOf(lsp.text(file), classText), `node '${node.label}' line`);
      }
    });
  }

  it("flags classes that are not gluepy's (a plain class, a subclass of another library's Task) as unknown-task", async () => {
    const rel = "src/dags/not-gluepy.ts";
    const diags: Diagnostic[] = await lsp.waitForDiagnostics(rel, (d) => d.length > 0);
    const text = lsp.text(rel);
    assert.deepEqual(
      diags.map((d) => [d.code, textAt(text, d.range)]).sort(),
      [
        ["unknown-task", "ForeignTask"],
        ["unknown-task", "PlainClass"],
      ],
    );
  });
});
