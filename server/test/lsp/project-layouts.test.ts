// Project layouts real users have, over real LSP: tsconfig with comments and `extends` (string and
// array), a nested package with its own tsconfig `paths`, and .mts/.tsx files with `.mjs` specifiers.
// Each DAG must be clean and its node must sit at the class TypeScript itself resolves to.

import assert from "node:assert/strict";
import { DagGraphRequest, DagListRequest } from "../../../shared/protocol";
import { LspSession } from "../support/lsp-session";
import { serveFixture } from "../support/fixture-workspace";
import { lineOf } from "../support/text-positions";

const cases: { layout: string; dagFile: string; dag: string; node: string; taskFile: string; cls: string }[] = [
  {
    layout: "paths inherited through `extends` from a tsconfig with comments and trailing commas",
    dagFile: "src/dags.ts",
    dag: "extends_paths",
    node: "shared",
    taskFile: "src/shared/tasks.ts",
    cls: "class SharedTask",
  },
  {
    layout: "a nested package's own tsconfig paths (nearest tsconfig wins)",
    dagFile: "packages/app/src/dags.ts",
    dag: "nested_tsconfig",
    node: "app",
    taskFile: "packages/app/src/tasks.ts",
    cls: "class AppTask",
  },
  {
    layout: "paths inherited through an `extends` array (TypeScript 5+)",
    dagFile: "packages/lib/src/dags.ts",
    dag: "extends_array",
    node: "shared",
    taskFile: "src/shared/tasks.ts",
    cls: "class SharedTask",
  },
  { layout: "a .tsx DAG importing a .mts task as ./task.mjs", dagFile: "src/esm/dag.tsx", dag: "tsx_dag", node: "esm", taskFile: "src/esm/task.mts", cls: "class EsmTask" },
  {
    layout: "a workspace package imported by its package name (monorepo), through its types entry",
    dagFile: "packages/app/src/from-package.ts",
    dag: "from_package",
    node: "packaged",
    taskFile: "packages/shared-tasks/src/packaged.ts",
    cls: "class PackagedTask",
  },
  { layout: "project code under src/data/ (only the project's own data/ is storage)", dagFile: "src/loading.ts", dag: "loading", node: "loader", taskFile: "src/data/loaders.ts", cls: "class LoaderTask" },
  { layout: "a .mts DAG importing a .mts task as ./task.mjs", dagFile: "src/esm/dag.mts", dag: "mts_dag", node: "esm", taskFile: "src/esm/task.mts", cls: "class EsmTask" },
];

describe("project layouts over LSP (fixture: layouts)", function () {
  this.timeout(30_000);
  let lsp!: LspSession;
  serveFixture("layouts", (session) => (lsp = session));

  for (const c of cases) {
    it(`resolves ${c.layout}`, async () => {
      assert.deepEqual(await lsp.waitForDiagnostics(c.dagFile), [], `${c.dagFile} should be clean`);
      const graph = await lsp.request(DagGraphRequest, { label: c.dag });
      assert.ok(graph, `gluepy/graph has no DAG '${c.dag}'`);
      assert.deepEqual(
        graph.nodes.map((n) => [n.label, n.loc?.uri, n.loc?.range.start.line]),
        [[c.node, lsp.uri(c.taskFile), lineOf(lsp.text(c.taskFile), c.cls)]],
      );
    });
  }

  it("leaves out the project's storage root (data/): run output is never indexed", async () => {
    const list = await lsp.request(DagListRequest, {});
    assert.ok(list.dags.some((d) => d.label === "loading"), "index complete");
    assert.ok(!list.dags.some((d) => d.label === "stray"), `data/ indexed: ${list.dags.map((d) => d.label)}`);
    assert.equal(lsp.latest("data/runs/stray.ts"), undefined);
  });
});
