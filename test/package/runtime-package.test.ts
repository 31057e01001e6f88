// The `gluepy` npm package as a user gets it: its tarball installed with npm into new projects outside
// the repository (npm's own cache and registry). The CLI runs from node_modules/.bin, startproject's
// project and a copy of the example run a DAG and type-check against the installed declarations.

import assert from "node:assert/strict";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OutsideProject, REPO, runtimeTarball, sh, VERSION } from "./support/packages";

const BAD_TASK = 'import { context, Task } from "gluepy";\nexport class Bad extends Task { run(): number { return context.gluepy.runFolder; } }\n';

describe("the gluepy npm package", function () {
  this.timeout(600_000);
  let tarball: string;
  const projects: OutsideProject[] = [];
  const outside = (pkg?: object) => {
    const p = new OutsideProject(pkg);
    projects.push(p);
    return p;
  };

  before(() => (tarball = runtimeTarball()));
  after(() => projects.forEach((p) => p.cleanup()));

  it("is dist/packages/gluepy-<version>.tgz: the CLI, the runtime and its declarations, with nodejs-polars and esbuild as its only dependencies", async () => {
    assert.equal(tarball, join(REPO, "dist", "packages", `gluepy-${VERSION}.tgz`));
    const listing = await sh(REPO, "tar", ["-tzf", tarball]);
    const files = listing.stdout.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
    for (const f of ["package.json", "runtime/cli.js", "runtime/cli-main.js", "runtime/gluepy.js", "types/runtime/src/index.d.ts", "README.md"]) assert.ok(files.includes(f), f);
    assert.deepEqual(files.filter((f) => /client|server|media|extension|vscode/.test(f)), [], "nothing of VS Code");
    const manifest = JSON.parse((await sh(REPO, "tar", ["-xzOf", tarball, "package/package.json"])).stdout) as Record<string, unknown>;
    assert.equal(manifest.name, "gluepy");
    assert.equal(manifest.version, VERSION);
    assert.deepEqual(manifest.bin, { gluepy: "runtime/cli.js" });
    assert.equal(manifest.types, "types/runtime/src/index.d.ts");
    assert.deepEqual(Object.keys(manifest.dependencies as object).sort(), ["esbuild", "nodejs-polars"]);
  });

  it("installs into an empty folder: npx gluepy --version, startproject, and its project runs a DAG and type-checks with no types/ folder", async () => {
    const user = outside();
    const installed = await sh(user.dir, "npm", ["install", tarball]);
    assert.equal(installed.code, 0, installed.stderr);
    const modules = readdirSync(join(user.dir, "node_modules"));
    assert.ok(modules.includes("nodejs-polars") && modules.includes("esbuild"), modules.join(", "));
    assert.ok(!modules.some((m) => m.startsWith("vscode")), modules.join(", "));

    const version = await sh(user.dir, "npx", ["gluepy", "--version"]);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout, `${VERSION}\n`);

    const made = await sh(user.dir, "npx", ["gluepy", "startproject", "p"]);
    assert.equal(made.code, 0, made.stderr);
    const p = join(user.dir, "p");
    assert.ok(!existsSync(join(p, "types")), "no vendored declarations");
    assert.deepEqual(JSON.parse(readFileSync(join(p, "package.json"), "utf8")).dependencies, { gluepy: `^${VERSION}` });

    // The dependency comes from the tarball here (gluepy is not on the registry yet); TypeScript and Node's types from the registry.
    const deps = await sh(p, "npm", ["install", tarball]);
    assert.equal(deps.code, 0, deps.stderr);
    const run = await sh(p, "npx", ["gluepy", "dag", "hello"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /count \| 6 words/);
    const listed = await sh(p, "npm", ["run", "--silent", "list"]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /hello/);

    const checked = await sh(p, "npx", ["tsc", "-p", "tsconfig.json"]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    writeFileSync(join(p, "src/bad.ts"), BAD_TASK);
    const broken = await sh(p, "npx", ["tsc", "-p", "tsconfig.json"]);
    assert.notEqual(broken.code, 0);
    assert.match(broken.stdout, /src\/bad\.ts.*TS2322/);
  });

  it("the example, copied out of the repository and installed, runs its DAG and type-checks against the package", async () => {
    const example = outside();
    for (const entry of ["package.json", "tsconfig.json", "gluepy.config.ts", "configs", "src"])
      cpSync(join(REPO, "examples/forecast", entry), join(example.dir, entry), { recursive: true });
    const pkg = JSON.parse(readFileSync(join(example.dir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    assert.equal(pkg.dependencies.gluepy, `^${VERSION}`, "the example depends on this version of gluepy");
    assert.ok(!readFileSync(join(example.dir, "tsconfig.json"), "utf8").includes(".."), "no path out of the project");

    const installed = await sh(example.dir, "npm", ["install", tarball]);
    assert.equal(installed.code, 0, installed.stderr);
    const checked = await sh(example.dir, "npm", ["run", "--silent", "typecheck"]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    if (Number(process.versions.node.split(".")[0]) < 22) {
      // npm leaves nodejs-polars's platform binary out on Node 20 (it declares node >= 22): the run's data
      // task says which package to install, and installing it is enough.
      const first = await sh(example.dir, "npx", ["gluepy", "dag", "training"]);
      assert.equal(first.code, 1);
      const advice = /Run `npm install (nodejs-polars-[a-z0-9-]+@[0-9.]+)` in the project/.exec(first.stdout + first.stderr);
      assert.ok(advice, first.stdout + first.stderr);
      const binary = await sh(example.dir, "npm", ["install", advice[1]]);
      assert.equal(binary.code, 0, binary.stderr);
    }
    const run = await sh(example.dir, "npx", ["gluepy", "dag", "training"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr + run.stdout, /evaluate/);
    assert.ok(readdirSync(join(example.dir, "data", "runs")).length > 0, "a run folder");
  });
});
