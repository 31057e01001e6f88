// Which files the index reads: sources outside dependencies, build output and a project's data/ folder;
// and how the workspace follows whole folders changing on disk.

import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { isExcluded, scanWorkspace } from "../../src/index/workspace-scan";
import { Workspace } from "../../src/workspace";

describe("scanWorkspace", () => {
  let root: string;
  const files = [
    "package.json",
    "src/tasks.ts",
    "src/view.tsx",
    "src/esm.mts",
    "src/types.d.ts",
    "src/data/loaders.ts",
    "data/runs/2026/01/01/r1/out.ts",
    "node_modules/lib/index.ts",
    "dist/tasks.ts",
    ".cache/x.ts",
    ".vscode/tasks.json",
    "patches/dev.yaml",
    "packages/lib/package.json",
    "packages/lib/data/seed.ts",
  ];
  before(() => {
    root = mkdtempSync(join(tmpdir(), "gluepy-ls-scan-"));
    for (const f of files) {
      mkdirSync(join(root, f, ".."), { recursive: true });
      writeFileSync(join(root, f), f.endsWith(".json") ? "{}" : "");
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("finds sources, label string files and package manifests, skipping dependencies, build output and project data", () => {
    const found = scanWorkspace(root);
    const rel = (xs: string[]) => xs.map((x) => relative(root, x)).sort();
    assert.deepEqual(rel(found.sources), ["src/data/loaders.ts", "src/esm.mts", "src/tasks.ts", "src/view.tsx"]);
    assert.deepEqual(rel(found.labelStrings), [".vscode/tasks.json", "patches/dev.yaml"]);
    assert.deepEqual(rel(found.manifests), ["package.json", "packages/lib/package.json"]);
  });

  it("judges single paths (watcher events) the same way", () => {
    assert.equal(isExcluded(join(root, "src/data/loaders.ts"), [root]), false);
    assert.equal(isExcluded(join(root, "data/runs/x.ts"), [root]), true);
    assert.equal(isExcluded(join(root, "packages/lib/data/seed.ts"), [root]), true);
    assert.equal(isExcluded(join(root, "node_modules/lib/index.ts"), [root]), true);
    assert.equal(isExcluded("/elsewhere/a.ts", [root]), true);
  });
});

describe("Workspace: folders changed on disk as a whole", () => {
  it("indexes a folder that appears and drops the files of a folder that disappears", async () => {
    const root = mkdtempSync(join(tmpdir(), "gluepy-ls-folders-"));
    try {
      const changes: string[][] = [];
      const ws = new Workspace((c) => changes.push([...c.files]));
      await ws.load([root]);
      mkdirSync(join(root, "src", "tasks"), { recursive: true });
      writeFileSync(join(root, "src", "tasks", "a.ts"), `import { Task } from "gluepy";\nexport class A extends Task {}\n`);
      ws.didChangeOnDisk(join(root, "src"));
      ws.flush();
      assert.ok(ws.index.files.has(join(root, "src", "tasks", "a.ts")));
      rmSync(join(root, "src"), { recursive: true });
      ws.didChangeOnDisk(join(root, "src"));
      ws.flush();
      assert.equal(ws.index.files.size, 0);
      ws.dispose();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
