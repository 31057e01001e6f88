// Import resolution: relative, .js→.ts, index files, tsconfig paths/baseUrl, and "gluepy" itself.

import * as assert from "node:assert/strict";
import { matchPattern, ModuleResolver, type PathMapping } from "../../src/index/module-resolver";
import { readPathMapping } from "../../src/index/tsconfig";
import { readWorkspacePackage, type WorkspacePackage } from "../../src/index/workspace-packages";

function resolver(files: string[], mapping?: PathMapping, packages: Record<string, WorkspacePackage> = {}) {
  const set = new Set(files);
  return new ModuleResolver({ hasFile: (f) => set.has(f), pathMappingFor: () => mapping, workspacePackage: (name) => packages[name] });
}

describe("ModuleResolver", () => {
  const files = ["/w/src/tasks.ts", "/w/src/lib/index.ts", "/w/src/view.tsx", "/w/src/m.mts", "/w/shared/util.ts"];

  it("resolves relative specifiers with or without extension, .js to .ts, and folders to index.ts", () => {
    const r = resolver(files);
    assert.deepEqual(r.resolve("/w/src/dags.ts", "./tasks"), { kind: "file", path: "/w/src/tasks.ts" });
    assert.deepEqual(r.resolve("/w/src/dags.ts", "./tasks.js"), { kind: "file", path: "/w/src/tasks.ts" });
    assert.deepEqual(r.resolve("/w/src/dags.ts", "./lib"), { kind: "file", path: "/w/src/lib/index.ts" });
    assert.deepEqual(r.resolve("/w/src/dags.ts", "./lib/index.js"), { kind: "file", path: "/w/src/lib/index.ts" });
    assert.deepEqual(r.resolve("/w/src/dags.ts", "./view.js"), { kind: "file", path: "/w/src/view.tsx" });
    assert.deepEqual(r.resolve("/w/src/dags.ts", "./m.mjs"), { kind: "file", path: "/w/src/m.mts" });
    assert.deepEqual(r.resolve("/w/src/lib/index.ts", "../../shared/util"), { kind: "file", path: "/w/shared/util.ts" });
    assert.equal(r.resolve("/w/src/dags.ts", "./missing"), undefined);
  });

  it("treats gluepy (and its subpaths) as the runtime, whatever tsconfig says", () => {
    const r = resolver(files, { paths: [{ pattern: "gluepy", targets: ["/w/src/tasks.ts"] }] });
    assert.deepEqual(r.resolve("/w/src/dags.ts", "gluepy"), { kind: "gluepy" });
  });

  it("follows tsconfig paths, then baseUrl", () => {
    const r = resolver(files, { baseUrl: "/w", paths: [{ pattern: "@lib/*", targets: ["/w/src/lib/*", "/w/shared/*"] }] });
    assert.deepEqual(r.resolve("/w/src/dags.ts", "@lib/util"), { kind: "file", path: "/w/shared/util.ts" });
    assert.deepEqual(r.resolve("/w/src/dags.ts", "@lib/index"), { kind: "file", path: "/w/src/lib/index.ts" });
    assert.deepEqual(r.resolve("/w/src/dags.ts", "src/tasks"), { kind: "file", path: "/w/src/tasks.ts" });
    assert.equal(r.resolve("/w/src/dags.ts", "left-pad"), undefined);
  });

  it("resolves a workspace package by name: its entry's sources, src/index.ts, or a subpath", () => {
    const files = ["/w/packages/tasks/src/index.ts", "/w/packages/tasks/src/extra.ts", "/w/packages/dags/lib/main.ts"];
    const tasks = readWorkspacePackage("/w/packages/tasks/package.json", `{ "name": "@org/tasks", "main": "dist/index.js", "types": "dist/index.d.ts" }`)!;
    const dags = readWorkspacePackage("/w/packages/dags/package.json", `{ "name": "dags", "exports": { ".": { "types": "./lib/main.ts", "default": "./dist/main.js" } } }`)!;
    const r = resolver(files, undefined, { [tasks.name]: tasks.pkg, [dags.name]: dags.pkg });
    assert.deepEqual(r.resolve("/w/app/a.ts", "@org/tasks"), { kind: "file", path: "/w/packages/tasks/src/index.ts" });
    assert.deepEqual(r.resolve("/w/app/a.ts", "@org/tasks/extra"), { kind: "file", path: "/w/packages/tasks/src/extra.ts" });
    assert.deepEqual(r.resolve("/w/app/a.ts", "dags"), { kind: "file", path: "/w/packages/dags/lib/main.ts" });
    assert.equal(r.resolve("/w/app/a.ts", "@org/other"), undefined);
  });

  it("matches paths patterns with and without a star", () => {
    assert.equal(matchPattern("@app/*", "@app/x/y"), "x/y");
    assert.equal(matchPattern("exact", "exact"), "");
    assert.equal(matchPattern("@app/*", "@other/x"), undefined);
  });
});

describe("readPathMapping", () => {
  it("reads baseUrl and paths (comments allowed) and follows a relative extends", () => {
    const texts: Record<string, string> = {
      "/w/tsconfig.base.json": `{ // base\n "compilerOptions": { "baseUrl": ".", "paths": { "@t/*": ["src/*"] } } }`,
      "/w/app/tsconfig.json": `{ "extends": "../tsconfig.base.json", "compilerOptions": { "strict": true } }`,
    };
    const m = readPathMapping("/w/app/tsconfig.json", (f) => texts[f]);
    assert.equal(m?.baseUrl, "/w");
    assert.deepEqual(m?.paths, [{ pattern: "@t/*", targets: ["/w/src/*"] }]);
  });

  it("gives nothing for a tsconfig without mappings or one that does not parse", () => {
    assert.equal(readPathMapping("/w/tsconfig.json", () => `{ "compilerOptions": {} }`), undefined);
    assert.equal(readPathMapping("/w/tsconfig.json", () => `{{{`), undefined);
  });
});

describe("readPathMapping with extends arrays and packages", () => {
  it("takes paths from an extends array (later entries win) and from a package config", () => {
    const texts: Record<string, string> = {
      "/w/config/a.json": `{ "compilerOptions": { "paths": { "@a/*": ["a/*"] } } }`,
      "/w/config/b.json": `{ "compilerOptions": { "paths": { "@b/*": ["b/*"] } } }`,
      "/w/pkg/tsconfig.json": `{ "extends": ["../config/a.json", "../config/b"] }`,
      "/w/node_modules/@org/tsconfig/base.json": `{ "compilerOptions": { "baseUrl": "." } }`,
      "/w/app/tsconfig.json": `{ "extends": "@org/tsconfig/base.json" }`,
    };
    const read = (f: string) => texts[f];
    assert.deepEqual(readPathMapping("/w/pkg/tsconfig.json", read)?.paths, [{ pattern: "@b/*", targets: ["/w/config/b/*"] }]);
    assert.equal(readPathMapping("/w/app/tsconfig.json", read)?.baseUrl, "/w/node_modules/@org/tsconfig");
  });
});
