// The loader in-process: which files a project loads, the transform cache, `gluepy` bound to the
// running runtime (one registry), TypeScript's import forms, and positions for errors.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DAG, Task } from "gluepy";
import { loadProject } from "../../src/loader/load-project";
import { ProjectLoadError } from "../../src/loader/load-error";
import { projectSourceFiles } from "../../src/loader/project-files";
import { runtimeEntry } from "../../src/loader/require-hook";
import { TypeScriptTransformer } from "../../src/loader/transform";

function makeDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "gluepy-loader-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe("loader", () => {
  const dirs: string[] = [];
  const dir = (files: Record<string, string>) => {
    const d = makeDir(files);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("loads every .ts/.mts/.tsx except dependencies, output, data, configs, tests, declarations and the settings file", () => {
    const d = dir({
      "src/a.ts": "",
      "src/b.mts": "",
      "src/c.tsx": "",
      "src/types.d.ts": "",
      "src/a.test.ts": "",
      "src/a.spec.ts": "",
      "src/notes.md": "",
      "lib/deep/x.ts": "",
      "node_modules/p/index.ts": "",
      "dist/out.ts": "",
      "data/raw/y.ts": "",
      "configs/z.ts": "",
      "test/t.ts": "",
      "tests/t.ts": "",
      ".gluepy/cache/k.ts": "",
      "gluepy.config.ts": "",
      "store/s.ts": "",
    });
    // The storage root (data/ by default, store/ here too) is passed in by loadProject from the settings.
    const files = projectSourceFiles(d, [join(d, "data"), join(d, "store")]).map((f) => f.slice(d.length + 1));
    assert.deepEqual(files, ["lib/deep/x.ts", "src/a.ts", "src/b.mts", "src/c.tsx"]);
  });

  it("caches transforms by content: a cached entry is used as is, a corrupt one is ignored and rewritten", () => {
    const d = dir({ "m.ts": "export const n: number = 1;\n" });
    const cacheDir = join(d, "cache");
    const first = new TypeScriptTransformer(cacheDir).transform(join(d, "m.ts"));
    assert.match(first, /exports|module\.exports/);
    assert.match(first, /sourceMappingURL=data:application\/json;base64,/);
    const [entry] = readdirSync(cacheDir);
    const cached = join(cacheDir, entry!);
    const text = readFileSync(cached, "utf8");
    // A valid entry is trusted: prove it is read by planting different code under the same key.
    writeFileSync(cached, text.replace("= 1", "= 2"));
    assert.match(new TypeScriptTransformer(cacheDir).transform(join(d, "m.ts")), /= 2/);
    // A truncated entry (no end marker) is ignored and replaced by a fresh transform.
    writeFileSync(cached, text.slice(0, 20));
    assert.match(new TypeScriptTransformer(cacheDir).transform(join(d, "m.ts")), /= 1/);
    assert.equal(readFileSync(cached, "utf8"), text);
    // Changed source, new key.
    writeFileSync(join(d, "m.ts"), "export const n: number = 3;\n");
    assert.match(new TypeScriptTransformer(cacheDir).transform(join(d, "m.ts")), /= 3/);
    assert.equal(readdirSync(cacheDir).length, 2);
  });

  it('binds `import "gluepy"` to the running runtime: project classes extend the Task and DAG the runtime checks', async () => {
    assert.equal(runtimeEntry(), join(__dirname, "../../src/index.ts"));
    const d = dir({
      "src/tasks/index.ts": 'export { Extract } from "./extract.js";\n',
      "src/tasks/extract.ts": 'import { Task } from "gluepy";\nimport { twice } from "../util/math.js";\n\nexport class Extract extends Task {\n  run() { return twice(2); }\n}\n',
      "src/util/math.ts": "export const twice = (n: number): number => n * 2;\n",
      "src/dags.tsx": 'import { DAG } from "gluepy";\nimport { Extract } from "./tasks";\n\nexport class Pipeline extends DAG {\n  static tasks = [Extract];\n}\n',
    });
    const project = await loadProject(d, { env: {} });
    const extract = project.registry.tasks.get("extract");
    const pipeline = project.registry.dags.get("pipeline");
    assert.ok(extract && extract.prototype instanceof Task);
    assert.ok(pipeline && pipeline.prototype instanceof DAG);
    assert.equal(new extract().run(), 4);
    assert.deepEqual(project.sourceOf(extract), { file: join(d, "src/tasks/extract.ts"), line: 4 });
    assert.deepEqual(project.sourceOf(pipeline), { file: join(d, "src/dags.tsx"), line: 4 });
    assert.equal(project.settings.storageRoot, join(d, "data"));
  });

  it("compiles the modules that define Tasks and DAGs into one cached bundle, rebuilt when any input changes (even one outside the scan)", async () => {
    const d = dir({
      "src/answer.ts": 'import { Task } from "gluepy";\nimport { value } from "../configs/value";\nexport { here } from "./where";\n\nexport class Answer extends Task {\n  run() { return value; }\n}\n',
      "configs/value.ts": "export const value = 41;\n",
      "src/where.ts": "export const here = [__dirname, __filename];\n",
    });
    const bundles = () => readdirSync(join(d, ".gluepy/cache")).filter((f) => /^project-.*\.cjs$/.test(f));
    const first = await loadProject(d, { env: {} });
    assert.equal(new (first.registry.tasks.get("answer")!)().run(), 41);
    const where = first.modules.find((m) => m.file.endsWith("where.ts"))!.exports.here;
    assert.deepEqual(where, [join(d, "src"), join(d, "src/where.ts")]);
    const [bundle] = bundles();
    const again = await loadProject(d, { env: {} });
    assert.equal(again.registry.tasks.get("answer"), first.registry.tasks.get("answer"));
    assert.deepEqual(bundles(), [bundle]);
    writeFileSync(join(d, "configs/value.ts"), "export const value = 42;\n");
    const edited = await loadProject(d, { env: {} });
    assert.equal(new (edited.registry.tasks.get("answer")!)().run(), 42);
    assert.equal(bundles().length, 1);
    assert.notEqual(bundles()[0], bundle);
  });

  it("`require.resolve`, `createRequire(import.meta.url)` and `import.meta` in project code resolve from the source file, not the cache folder", async () => {
    const d = dir({
      "src/lookups/data/rates.json": '{ "eur": 1.1 }\n',
      "src/tasks.ts": 'import { Task } from "gluepy";\nimport * as where from "./lookups/where";\nexport class Where extends Task {\n  run() { return where; }\n}\n',
      "src/lookups/where.ts": [
        'import { createRequire } from "node:module";',
        'const name = "./data/rates.json";',
        "export const resolved = require.resolve(\"./data/rates.json\");",
        "export const url = import.meta.url;",
        "export const metaDir = import.meta.dirname;",
        "export const viaCreateRequire = createRequire(import.meta.url).resolve(name);",
        "",
      ].join("\n"),
    });
    const project = await loadProject(d, { env: {} });
    const where = project.modules.find((m) => m.file.endsWith("where.ts"))!.exports;
    const rates = join(d, "src/lookups/data/rates.json");
    assert.equal(where.resolved, rates);
    assert.equal(where.url, `file://${join(d, "src/lookups/where.ts")}`);
    assert.equal(where.metaDir, join(d, "src/lookups"));
    assert.equal(where.viaCreateRequire, rates);
  });

  for (const type of ["commonjs", "module"]) {
    it(`an anonymous default export is named "default", as Node names it (label "default"), in a ${type} project`, async () => {
      const d = dir({
        "package.json": JSON.stringify({ type }),
        "src/prep.ts": 'import { Task } from "gluepy";\nexport default class extends Task {\n  run() {}\n}\n',
        "src/dags.ts": 'import { DAG } from "gluepy";\nimport Prep from "./prep";\nexport default class extends DAG {\n  static label = "anon";\n  static tasks = [Prep];\n}\n',
      });
      const project = await loadProject(d, { env: {} });
      assert.deepEqual([...project.registry.tasks.keys()], ["default"]);
      assert.deepEqual([...project.registry.dags.keys()], ["anon"]);
    });
  }

  it("follows tsconfig `paths` aliases", async () => {
    const d = dir({
      "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@lib/*": ["src/lib/*"] } } }\n',
      "src/lib/rate.ts": "export const rate = 0.25;\n",
      "src/tasks.ts": 'import { Task } from "gluepy";\nimport { rate } from "@lib/rate";\n\nexport class Rated extends Task {\n  run() { return rate; }\n}\n',
    });
    const project = await loadProject(d, { env: {} });
    assert.equal(new (project.registry.tasks.get("rated")!)().run(), 0.25);
  });

  it("a project whose cache folder cannot be written still loads (compiled in memory)", async () => {
    const d = dir({ "src/t.ts": 'import { Task } from "gluepy";\nexport class ReadOnly extends Task {\n  run() { return "ok"; }\n}\n' });
    // A file where the cache folder should be: nothing can be written under it.
    writeFileSync(join(d, ".gluepy"), "not a folder");
    const project = await loadProject(d, { env: {} });
    assert.equal(new (project.registry.tasks.get("readonly")!)().run(), "ok");
    assert.deepEqual(project.sourceOf(project.registry.tasks.get("readonly")!), { file: join(d, "src/t.ts"), line: 2 });
  });

  it("a module that throws while it is imported: ProjectLoadError at the source line of the throw", async () => {
    const d = dir({ "src/bad.ts": 'import { Task } from "gluepy";\nconst x: number = 1;\nif (x) throw new Error("boom at import");\nexport class Bad extends Task {\n  run() {}\n}\n' });
    await assert.rejects(loadProject(d, { env: {} }), (e: unknown) => {
      assert.ok(e instanceof ProjectLoadError);
      assert.equal(e.file, join(d, "src/bad.ts"));
      assert.equal(e.line, 3);
      assert.match(e.message, /^Importing src\/bad\.ts failed at src\/bad\.ts:3:\d+: boom at import$/);
      return true;
    });
  });

  it("a settings module naming a missing commands module: an error that names the setting", async () => {
    const d = dir({ "gluepy.config.ts": 'export default { commands: ["cmds/missing"] };\n' });
    await assert.rejects(loadProject(d, { env: {} }), /Setting 'commands' .* names 'cmds\/missing'/);
  });
});
