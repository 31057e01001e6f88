// The command lines the extension builds are ones the bundled CLI (dist/runtime/cli.js) accepts: run
// for real, on a copy of the example project, the way the palette commands run them.

import { strict as assert } from "node:assert";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { dryRunWords } from "../../shared/cache-reason-words";
import { airflowArgs, compareArgs, dagsterArgs, dryRunArgs, listArgs, startProjectArgs } from "../src/cli-command-lines";
import { dryRunOf, parseDryRun } from "../src/dry-run-reasons";
import { listProjectRuns } from "../src/run-folders";
import { cliInvocation, runToEnd } from "../src/run-process";

const REPO = path.resolve(__dirname, "..", "..");
const CLI = path.join(REPO, "dist", "runtime", "cli.js");

describe("extension command lines against the real CLI", function () {
  this.timeout(60_000);
  let root: string;
  let project: string;
  const run = (args: string[], cwd = project) => runToEnd(cliInvocation(CLI, args, process.execPath), cwd);

  before(() => {
    assert.ok(existsSync(CLI), "dist/runtime/cli.js is missing: run npm run build");
    root = mkdtempSync(path.join(tmpdir(), "gluepy-client-cli-"));
    project = path.join(root, "forecast");
    cpSync(path.join(REPO, "examples", "forecast"), project, { recursive: true, filter: (s) => !/node_modules|[\\/]data[\\/]runs/.test(s) });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("Generate Airflow DAGs writes a DAG file for the picked DAG into the chosen folder", async () => {
    const result = await run(airflowArgs(project, "airflow/dags", "training"));
    assert.equal(result.code, 0, result.stderr);
    const files = readdirSync(path.join(project, "airflow", "dags"));
    assert.ok(files.some((f) => f.endsWith(".py")), `no Airflow DAG file in ${files.join(", ")}`);
  });

  it("Generate Dagster Definitions writes the picked DAG's module into the chosen folder", async () => {
    const result = await run(dagsterArgs(project, "dagster", "training"));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(readdirSync(path.join(project, "dagster")), ["training.py"]);
  });

  it("the warm-up's list command loads the project and lists its DAGs", async () => {
    const result = await run(listArgs(project));
    assert.equal(result.code, 0, result.stderr);
    const labels = (JSON.parse(result.stdout) as { dags: { label: string }[] }).dags.map((d) => d.label);
    assert.ok(labels.includes("training"), `listed: ${labels.join(", ")}`);
  });

  it("New Project creates a project folder with its gluepy.config.ts", async () => {
    const dir = path.join(root, "fresh");
    const result = await run(startProjectArgs(dir), root);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(path.join(dir, "gluepy.config.ts")), "startproject wrote no gluepy.config.ts");
  });

  it("Compare Metrics tabulates the selected runs", async () => {
    const first = await run(["--project", project, "dag", "training", "--json"]);
    assert.equal(first.code, 0, first.stderr);
    const second = await run(["--project", project, "dag", "training", "--json"]);
    assert.equal(second.code, 0, second.stderr);
    const runs = await listProjectRuns(CLI, project, process.execPath);
    const folders = "listing" in runs ? runs.listing.runs.map((r) => r.runFolder) : [];
    assert.equal(folders.length, 2);
    const table = await run(compareArgs(project, "training", folders));
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /rmse/);
  });

  it("Why will this run? reads the dry run of the run Run DAG would start: with the project's cache off every task runs; on, after a run every task would be reused; after an edit to model.ts, the tasks importing it would run, saying so", async () => {
    const off = dryRunOf(await run(dryRunArgs(project, "training")), "training", "data");
    assert.ok("willRun" in off, JSON.stringify(off));
    assert.deepEqual(dryRunWords(off), { headline: "Will run", reasons: ["The run cache is off, so every task runs (turn it on with cache: true in gluepy.config.ts)"] });
    const config = path.join(project, "gluepy.config.ts");
    writeFileSync(config, readFileSync(config, "utf8").replace('configsDir: "configs",', 'configsDir: "configs",\n  cache: true,'));
    const cached = await run(["--project", project, "dag", "training", "--json"]);
    assert.equal(cached.code, 0, cached.stderr);
    const before = await run(dryRunArgs(project, "training"));
    assert.equal(before.code, 0, before.stderr);
    const lines = parseDryRun(before.stdout);
    assert.deepEqual(lines.map((l) => l.willRun), lines.map(() => false), before.stdout);
    assert.ok(lines.length >= 6, before.stdout);
    const reused = dryRunOf(before, "training", "data");
    assert.ok("willRun" in reused && reused.cached, JSON.stringify(reused));
    assert.match(dryRunWords(reused).headline, /^Will be reused from run \S+/);

    appendFileSync(path.join(project, "src", "model.ts"), "\n// an edit\n");
    const after = await run(dryRunArgs(project, "training"));
    const test = dryRunOf(after, "training", "test");
    assert.ok("willRun" in test && test.willRun, JSON.stringify(test));
    assert.deepEqual(dryRunWords(test), {
      headline: "Will run",
      reasons: ["Its code changed: src/model.ts", "It reads what training writes, and training runs first", "It reads what data writes, and data runs first"],
    });
    assert.deepEqual(dryRunOf(after, "training", "nope"), { error: 'the dry run of training has no task "nope" (is it in the DAG?)' });
  });
});
