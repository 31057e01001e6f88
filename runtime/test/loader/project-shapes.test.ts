// Project code runs as Node runs it (issue 15 item 4), through the built CLI, each shape from a temporary
// project on disk with its own node_modules: ES module projects with top-level await, import.meta.url, JSON
// imports and dynamic import(); CommonJS and ES-module-only dependencies; a native addon (better-sqlite3@12,
// installed with npm); syntax errors named by file, line and column; task errors at their .ts lines.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseRunEvent, type TaskEndEvent } from "../../../shared/events";
import { ensureBuilt, REPO, TempProject } from "../cli/support/cli";

/** A package in the project's node_modules: its package.json and files. */
function dependency(name: string, manifest: object, files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: "1.0.0", ...manifest }) };
  for (const [path, text] of Object.entries(files)) out[`node_modules/${name}/${path}`] = text;
  return out;
}

const ESM_ONLY = dependency("esm-only", { type: "module", exports: "./index.js" }, { "index.js": 'export const shout = (s) => s.toUpperCase() + "!";\n' });
const CJS_DEP = dependency("cjs-dep", { main: "index.js" }, { "index.js": "exports.twice = (n) => n * 2;\n" });

/** The JSON a task wrote to `out.json` in storage. */
function taskOutput(project: TempProject): Record<string, unknown> {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name === "out.json") found.push(join(dir, e.name));
    }
  };
  walk(join(project.dir, "data"));
  assert.equal(found.length, 1, `one out.json, found ${found.join(", ")}`);
  return JSON.parse(readFileSync(found[0]!, "utf8")) as Record<string, unknown>;
}

function taskEnds(stdout: string): TaskEndEvent[] {
  return stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => parseRunEvent(l))
    .filter((e): e is TaskEndEvent => e?.event === "task-end");
}

/** better-sqlite3@12 installed once into .cache/ by npm (it builds its addon there), copied into each project. */
function betterSqliteModules(): string {
  const dir = join(REPO, ".cache/test-projects/better-sqlite3");
  if (!existsSync(join(dir, "node_modules/better-sqlite3/build/Release/better_sqlite3.node"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync("npm", ["init", "-y"], { cwd: dir, stdio: "ignore" });
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "better-sqlite3@12"], { cwd: dir, stdio: "inherit" });
  }
  return join(dir, "node_modules");
}

describe("project code loads as Node runs it", function () {
  this.timeout(120_000);
  const projects: TempProject[] = [];
  const project = (files: Record<string, string>) => {
    const p = new TempProject(files);
    projects.push(p);
    return p;
  };

  before(() => ensureBuilt());
  after(() => projects.forEach((p) => p.cleanup()));

  it('an ES module project ("type": "module"): top-level await, import.meta.url, a JSON import, dynamic import(), ESM-only and CommonJS dependencies', async () => {
    const p = project({
      "package.json": JSON.stringify({ name: "esm-shape", private: true, type: "module" }),
      ...ESM_ONLY,
      ...CJS_DEP,
      "src/settings.json": '{ "rate": 3 }\n',
      "src/lazy.ts": 'export const lazyValue: string = "lazy";\n',
      "src/dags.ts": [
        'import { DAG, Task, storage } from "gluepy";',
        'import { readFile } from "node:fs/promises";',
        'import { fileURLToPath } from "node:url";',
        'import { shout } from "esm-only";',
        'import cjs from "cjs-dep";',
        'import settings from "./settings.json" with { type: "json" };',
        "",
        "const here = fileURLToPath(import.meta.url);",
        'const own: string = await readFile(here, "utf8");',
        "",
        "export class Shapes extends Task {",
        "  async run() {",
        '    const { lazyValue } = await import("./lazy.js");',
        '    const builtin = "node:path";',
        "    const path = await import(builtin);",
        '    await storage.touch("out.json", JSON.stringify({ tla: own.includes("class Shapes"), here, shout: shout("hi"), twice: cjs.twice(settings.rate), lazyValue, sep: path.sep }));',
        "  }",
        "}",
        "",
        'export class ShapesDAG extends DAG {\n  static label = "shapes";\n  static tasks = [Shapes];\n}',
        "",
      ].join("\n"),
    });
    const r = await p.run(["dag", "shapes", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(taskOutput(p), { tla: true, here: join(p.dir, "src/dags.ts"), shout: "HI!", twice: 6, lazyValue: "lazy", sep: "/" });
  });

  it("a CommonJS project: CommonJS and ESM-only dependencies (imported and import()ed), __dirname, require", async () => {
    const p = project({
      "package.json": JSON.stringify({ name: "cjs-shape", private: true }),
      ...ESM_ONLY,
      ...CJS_DEP,
      "src/dags.ts": [
        'import { DAG, Task, storage } from "gluepy";',
        'import { twice } from "cjs-dep";',
        'import { shout } from "esm-only";',
        "",
        "export class Shapes extends Task {",
        "  async run() {",
        '    const dynamic = await import("esm-only");',
        '    const viaRequire = require("cjs-dep").twice(5);',
        '    await storage.touch("out.json", JSON.stringify({ dir: __dirname, twice: twice(2), viaRequire, shout: shout("a"), dynamic: dynamic.shout("b") }));',
        "  }",
        "}",
        "",
        'export class ShapesDAG extends DAG {\n  static label = "shapes";\n  static tasks = [Shapes];\n}',
        "",
      ].join("\n"),
    });
    const r = await p.run(["dag", "shapes", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(taskOutput(p), { dir: join(p.dir, "src"), twice: 4, viaRequire: 10, shout: "A!", dynamic: "B!" });
  });

  it("a module of a CommonJS project that uses top-level await runs as an ES module (as Node's syntax detection does)", async () => {
    const p = project({
      "package.json": JSON.stringify({ name: "cjs-tla", private: true }),
      "src/config.ts": 'export const horizon: number = await Promise.resolve(14);\n',
      "src/dags.ts": [
        'import { DAG, Task, storage } from "gluepy";',
        'import { horizon } from "./config";',
        "export class Forecast extends Task {",
        '  async run() { await storage.touch("out.json", JSON.stringify({ horizon })); }',
        "}",
        'export class ForecastDAG extends DAG {\n  static label = "forecast";\n  static tasks = [Forecast];\n}',
        "",
      ].join("\n"),
    });
    const r = await p.run(["dag", "forecast", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(taskOutput(p), { horizon: 14 });
  });

  it("a native addon from the project's node_modules (better-sqlite3@12, installed by npm) loads and runs", async function () {
    // The first time on a machine, npm compiles the addon (no prebuilt binary can be downloaded here): minutes.
    this.timeout(20 * 60_000);
    const p = project({
      "package.json": JSON.stringify({ name: "native-shape", private: true, type: "module", dependencies: { "better-sqlite3": "^12" } }),
      "src/dags.ts": [
        'import { DAG, Task, storage } from "gluepy";',
        'import Database from "better-sqlite3";',
        "",
        "export class Query extends Task {",
        "  async run() {",
        '    const db = new Database(":memory:");',
        '    db.exec("create table sales (n integer); insert into sales values (2), (40);");',
        '    const { total } = db.prepare("select sum(n) as total from sales").get() as { total: number };',
        '    await storage.touch("out.json", JSON.stringify({ total }));',
        "  }",
        "}",
        'export class SqliteDAG extends DAG {\n  static label = "sqlite";\n  static tasks = [Query];\n}',
        "",
      ].join("\n"),
    });
    cpSync(betterSqliteModules(), join(p.dir, "node_modules"), { recursive: true });
    const r = await p.run(["dag", "sqlite", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(taskOutput(p), { total: 42 });
  });

  it("a syntax error in a module the DAG needs: exit 2, its file, line and column first, no stack trace", async () => {
    const p = project({
      "package.json": JSON.stringify({ name: "broken", private: true, type: "module" }),
      "src/helper.ts": "export const rate = (x: number) => x *;\n",
      "src/dags.ts": [
        'import { DAG, Task } from "gluepy";',
        'import { rate } from "./helper";',
        "export class Rated extends Task {\n  run() { return rate(2); }\n}",
        'export class RatedDAG extends DAG {\n  static label = "rated";\n  static tasks = [Rated];\n}',
        "",
      ].join("\n"),
    });
    const r = await p.run(["dag", "rated"]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^gluepy: src\/helper\.ts:1:39: Syntax error: Unexpected ";"/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  });

  it("a syntax error in a module no DAG imports does not stop a DAG from running", async () => {
    const p = project({
      "src/draft.ts": "export const half = (x: number) => x /;\n",
      "src/dags.ts": 'import { DAG, Task } from "gluepy";\nexport class Fine extends Task {\n  run() {}\n}\nexport class FineDAG extends DAG {\n  static label = "fine";\n  static tasks = [Fine];\n}\n',
    });
    const r = await p.run(["dag", "fine", "--json"]);
    assert.equal(r.code, 0, r.stderr);
  });

  it("an ES module project's failing task: its error points at the .ts line that threw", async () => {
    const p = project({
      "package.json": JSON.stringify({ name: "esm-fail", private: true, type: "module" }),
      "src/dags.ts": [
        'import { DAG, Task } from "gluepy";',
        "await Promise.resolve();",
        "export class Fails extends Task {",
        "  run() {",
        '    throw new Error("bad input");',
        "  }",
        "}",
        'export class FailDAG extends DAG {\n  static label = "fail";\n  static tasks = [Fails];\n}',
        "",
      ].join("\n"),
    });
    const r = await p.run(["dag", "fail", "--json"]);
    assert.equal(r.code, 1, r.stderr);
    const [end] = taskEnds(r.stdout);
    assert.equal(end?.error?.message, "bad input");
    assert.equal(end?.error?.file, join(p.dir, "src/dags.ts"));
    assert.equal(end?.error?.line, 5);
  });
});
