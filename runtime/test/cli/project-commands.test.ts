// The CLI's other commands through the built CLI: list, graph, runs, startproject (runs; its
// type-check against the installed package is in test/package/), startmodule, project-defined commands, --help everywhere, and load errors.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DagListOutput } from "../../../shared/dag-listing";
import { COMMANDS } from "../../src/cli/commands";
import { ensureBuilt, REPO, runCli, TempProject } from "./support/cli";
import { SHOP_FILES } from "./support/shop-project";

const HELLO_COMMAND = `import { defineCommand } from "gluepy";

export const command = defineCommand({
  name: "hello",
  description: "Greets someone and names the project's DAGs",
  arguments: [{ name: "<who>", description: "whom to greet" }],
  options: [{ flags: "--shout", description: "in capitals" }],
  action({ args, options, project }) {
    const text = "hello " + args[0] + ": " + [...project.registry.dags.keys()].sort().join(",");
    console.log(options.shout ? text.toUpperCase() : text);
    return 3;
  },
});
`;

describe("gluepy list, graph, runs, scaffolding and project commands", function () {
  this.timeout(60_000);
  let project: TempProject;

  before(() => ensureBuilt());
  beforeEach(() => (project = new TempProject({ ...SHOP_FILES, "commands/hello.ts": HELLO_COMMAND })));
  afterEach(() => project.cleanup());

  it("`list --json` gives every DAG with tasks, edges and source positions, and the invalid DAG's problems", async () => {
    const r = await project.run(["list", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const { dags } = JSON.parse(r.stdout) as DagListOutput;
    assert.deepEqual(dags.map((d) => d.label), ["loop", "scored", "shop", "sleepy"]);
    const shop = dags.find((d) => d.label === "shop")!;
    assert.deepEqual(shop.edges, [["a", "b"], ["a", "d"], ["b", "c"]]);
    assert.deepEqual([shop.file, shop.line], [join(project.dir, "src/dags.ts"), 4]);
    assert.ok(dags.find((d) => d.label === "scored")!.tasks.find((t) => t.label === "score")!.eval);
    const loop = dags.find((d) => d.label === "loop")!;
    assert.equal(loop.valid, false);
    assert.deepEqual(loop.problems.map((p) => [p.code, p.path]), [["cycle", ["x", "y", "x"]]]);
  });

  it("`list` for people: tasks in run order with what they run after, and problems", async () => {
    const r = await project.run(["list"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /shop \(ShopDAG, src\/dags\.ts:4\)\n {2}a\n {2}b {2}after a\n {2}d {2}after a\n {2}c {2}after b/);
    assert.match(r.stdout, /loop \(LoopDAG, src\/loop\.ts:13\) invalid/);
    assert.match(r.stdout, /error cycle: .*x → y → x/);
  });

  it("`graph <label> --json` prints the resolved DagGraph; an unknown label exits 2 with a suggestion", async () => {
    const r = await project.run(["graph", "shop", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const graph = JSON.parse(r.stdout) as { dag: string; nodes: { label: string; loc: { file: string; line: number } }[]; edges: string[][]; problems: unknown[] };
    assert.equal(graph.dag, "shop");
    assert.deepEqual(graph.nodes.map((n) => n.label), ["a", "b", "d", "c"]);
    assert.deepEqual(graph.nodes[0]!.loc, { file: join(project.dir, "src/tasks.ts"), line: 4 });
    assert.deepEqual(graph.problems, []);
    const bad = await project.run(["graph", "shoq", "--json"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no DAG 'shoq'; did you mean 'shop'\?/);
  });

  it("`runs --json` lists run folders newest first with status, DAG and duration", async () => {
    const failed = await project.run(["dag", "shop"]);
    assert.equal(failed.code, 1);
    const ok = await project.run(["dag", "scored"]);
    assert.equal(ok.code, 0);
    const r = await project.run(["runs", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const { runs } = JSON.parse(r.stdout) as { runs: { runFolder: string; dag: string; status: string; durationMs: number; tasks: Record<string, string> }[] };
    assert.deepEqual(runs.map((x) => [x.dag, x.status]), [["scored", "succeeded"], ["shop", "failed"]]);
    assert.deepEqual(runs[1]!.tasks, { a: "succeeded", b: "failed", d: "succeeded", c: "skipped" });
    assert.ok(runs.every((x) => /^runs\/\d{4}\/\d{2}\/\d{2}\//.test(x.runFolder) && x.durationMs >= 0));
    const text = await project.run(["runs"]);
    assert.match(text.stdout.split("\n")[0]!, /✓ runs\/.* {2}scored {2}succeeded/);
  });

  it("project commands appear in `gluepy --help` and run with their arguments, options and exit code", async () => {
    const help = await project.run(["--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /hello \[options\] <who>\s+Greets someone and names the project's DAGs/);
    for (const c of COMMANDS) assert.match(help.stdout, new RegExp(`\\n {2}${c.name}\\b`));
    const r = await project.run(["hello", "ada", "--shout"]);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout, "HELLO ADA: LOOP,SCORED,SHOP,SLEEPY\n");
  });

  it("starting the CLI loads only the runtime bundle: no vendor bundle (BullMQ, ioredis, S3, nunjucks) for a run", async () => {
    const probe = `process.on("exit", () => console.error("LOADED " + JSON.stringify(Object.keys(require.cache))));`;
    // The first run compiles the project (esbuild); the second is the normal, warm start.
    assert.equal((await project.run(["dag", "scored"])).code, 0);
    const r = await project.run(["dag", "scored"], { env: { NODE_OPTIONS: `--require ${writeProbe(project, probe)}` } });
    assert.equal(r.code, 0, r.stderr);
    const loaded = JSON.parse(/LOADED (.*)/.exec(r.stderr)![1]!) as string[];
    assert.ok(loaded.some((f) => f.endsWith("dist/runtime/gluepy.js")));
    // esbuild's package.json gives the cache key its version; esbuild itself is not started.
    const heavy = loaded.filter((f) => f.includes("/vendor/") || (f.includes("/node_modules/") && !f.endsWith("esbuild/package.json")));
    assert.deepEqual(heavy, []);
  });

  it("--help works for every command and lists its options", async () => {
    for (const c of COMMANDS) {
      const r = await runCli([c.name, "--help"]);
      assert.equal(r.code, 0, `${c.name}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`Usage: gluepy ${c.name}`));
    }
    const dag = await runCli(["dag", "--help"]);
    for (const flag of ["--task", "--from-task", "--retry", "--resume", "--patch", "--local-patch", "--skip-eval", "--eval-only", "--compare", "--concurrency", "--executor", "--json"]) {
      assert.ok(dag.stdout.includes(flag), flag);
    }
  });

  it("an unknown command exits 2 and suggests the closest one", async () => {
    const r = await project.run(["lst"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'lst'/);
    assert.match(r.stderr, /list/);
  });

  it("a module with a syntax error: a clear message with file and line, exit 2", async () => {
    project.write({ "src/broken.ts": "export const a = 1;\nexport const b = ;\n" });
    const r = await project.run(["list"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /src\/broken\.ts:2:\d+: Syntax error: Unexpected ";"\n {4}export const b = ;\n {4} +\^/);
    assert.doesNotMatch(r.stderr, /at .*gluepy\.js/);
  });

  it("a module that throws at import: the file and line of the throw, exit 2", async () => {
    // A module that defines a task: `gluepy list` runs it (a module that defines none is never run, issue 15).
    project.write({ "src/throws.ts": 'import { Task } from "gluepy";\n\nthrow new Error("no database");\nexport class Throws extends Task {\n  run() {}\n}\n' });
    const r = await project.run(["list"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Importing src\/throws\.ts failed at src\/throws\.ts:3:\d+: no database/);
  });

  it("two Tasks with one label: exit 2 naming both classes (Gluepy raises on a duplicate label)", async () => {
    project.write({ "src/twin.ts": 'import { Task } from "gluepy";\nexport class Twin extends Task {\n  static label = "a";\n  run() {}\n}\n' });
    const r = await project.run(["list"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Duplicate Task label 'a'/);
    assert.match(r.stderr, /ATask/);
    assert.match(r.stderr, /Twin/);
  });

  it("`import \"gluepy\"` resolves to the running runtime though the project has no node_modules", async () => {
    assert.ok(!existsSync(join(project.dir, "node_modules")));
    project.write({
      "src/where.ts": `import { Task, DAG } from "gluepy";
export class WhereTask extends Task { run() { console.log(require.resolve("gluepy")); } }
export class WhereDAG extends DAG { static tasks = [WhereTask]; }
`,
    });
    const r = await project.run(["dag", "wheredag"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes(`wheretask | ${join(REPO, "dist/runtime/gluepy.js")}`), r.stdout);
  });

  it("GLUEPY_SETTINGS picks another settings file; a missing one exits 2 naming it", async () => {
    project.write({ "other.config.ts": 'export default { storageRoot: "elsewhere" };\n' });
    const r = await project.run(["dag", "scored"], { env: { GLUEPY_SETTINGS: "other.config.ts" } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(project.dir, "elsewhere/runs")));
    const missing = await project.run(["list"], { env: { GLUEPY_SETTINGS: "nope.config.ts" } });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /GLUEPY_SETTINGS names .*nope\.config\.ts/);
  });

  it("`startproject` makes a project that runs with the CLI that made it and depends on this gluepy; a second time writes nothing", async () => {
    const dir = join(project.dir, "fresh");
    const made = await runCli(["startproject", dir]);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /Next: cd .*fresh && npm install && npx gluepy dag hello/);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const version = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
    assert.deepEqual(pkg.dependencies, { gluepy: `^${version}` });
    assert.ok(!existsSync(join(dir, "types")), "no vendored declarations");
    assert.ok(!readFileSync(join(dir, "tsconfig.json"), "utf8").includes("paths"), "tsconfig resolves gluepy from node_modules");
    const run = await runCli(["--project", dir, "dag", "hello"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /count \| 6 words/);
    const again = await runCli(["startproject", dir]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exist/);
  });

  it("`startmodule <name>` adds a module whose DAG the project then lists and runs", async () => {
    const made = await project.run(["startmodule", "billing"]);
    assert.equal(made.code, 0, made.stderr);
    assert.ok(readFileSync(join(project.dir, "src/billing/tasks.ts"), "utf8").includes("class BillingTask"));
    const run = await project.run(["dag", "billing"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /billing \| billing runs in runs\//);
    const bad = await project.run(["startmodule", "9lives"]);
    assert.equal(bad.code, 2);
  });
});

function writeProbe(project: TempProject, code: string): string {
  project.write({ "probe.cjs": code });
  return join(project.dir, "probe.cjs");
}
