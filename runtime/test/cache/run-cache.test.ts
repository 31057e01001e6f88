// The run cache (issue 13) through the built CLI: for each part of the fingerprint, a change re-runs
// exactly the tasks it should and reuses the rest; reused outputs are byte-identical in the new run
// folder; `--dry-run` says the same beforehand; the cache is off unless asked for.

import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { DryRunLine } from "../../../shared/run-cache";
import type { RunState } from "../../../shared/run-state";
import { ensureBuilt, jsonLines, TempProject } from "../cli/support/cli";
import { cacheProject, outcomes, runFolderOf, taskEnds } from "./cache-project";

const ALL_RAN = { load: "ran", scale: "ran", report: "ran", fetch: "ran", "use-fetch": "ran" };

describe("run cache (gluepy dag --cache)", function () {
  this.timeout(120_000);
  let project: TempProject;

  before(() => ensureBuilt());
  beforeEach(() => (project = cacheProject()));
  afterEach(() => project.cleanup());

  const run = async (...extra: string[]) => {
    const result = await project.run(["dag", "pipeline", "--json", "--cache", ...extra]);
    assert.equal(result.code, 0, result.stderr);
    return result;
  };
  const dryRun = async (...extra: string[]): Promise<DryRunLine[]> => {
    const result = await project.run(["dag", "pipeline", "--dry-run", "--json", "--cache", ...extra]);
    assert.equal(result.code, 0, result.stderr);
    return jsonLines(result.stdout) as DryRunLine[];
  };
  const reasons = (lines: DryRunLine[]) => Object.fromEntries(lines.map((l) => [l.task, l.willRun ? l.reasons.map((r) => `${r.kind}: ${r.detail}`) : "reuse"]));
  const file = (runFolder: string, name: string) => readFileSync(join(project.dir, "data", runFolder, name));

  it("reuses every task whose fingerprint is unchanged: outputs byte-identical (hard links), metrics carried over, cached on task-end and in state.json", async () => {
    const first = await run();
    assert.deepEqual(outcomes(first), ALL_RAN);
    const second = await run();
    assert.deepEqual(outcomes(second), { load: "cached", scale: "cached", report: "cached", fetch: "ran", "use-fetch": "ran" });
    const [a, b] = [runFolderOf(first), runFolderOf(second)];
    for (const name of ["load.txt", "scale.txt", "report.txt"]) assert.deepEqual(file(b, name), file(a, name), name);
    // Local disk: hard links, not copies.
    assert.equal(statSync(join(project.dir, "data", b, "report.txt")).ino, statSync(join(project.dir, "data", a, "report.txt")).ino);
    const end = taskEnds(second).find((e) => e.task === "report")!;
    assert.deepEqual(end.cached, { runId: a.split("/").pop(), runFolder: a });
    const state = JSON.parse(readFileSync(join(project.dir, "data", b, ".gluepy", "state.json"), "utf8")) as RunState;
    assert.deepEqual(state.tasks.report!.cached, end.cached);
    assert.equal(state.tasks.report!.status, "succeeded");
    assert.deepEqual(JSON.parse(file(b, "metrics.json").toString()), JSON.parse(file(a, "metrics.json").toString()));
    assert.deepEqual(state.metrics.report, { scaled: 18 });
  });

  it("is off by default: no flag and no setting runs every task and records no fingerprint", async () => {
    const plain = async () => {
      const result = await project.run(["dag", "pipeline", "--json"]);
      assert.equal(result.code, 0, result.stderr);
      return result;
    };
    const first = await plain();
    assert.deepEqual(outcomes(first), ALL_RAN);
    assert.ok(taskEnds(first).every((e) => e.fingerprint === undefined && e.cached === undefined));
    assert.deepEqual(outcomes(await plain()), ALL_RAN);
    const dry = await project.run(["dag", "pipeline", "--dry-run", "--json"]);
    assert.deepEqual(reasons(jsonLines(dry.stdout) as DryRunLine[]), Object.fromEntries(Object.keys(ALL_RAN).map((t) => [t, ["cache off: "]])));
  });

  it("the setting turns it on, --no-cache wins over it and over --cache", async () => {
    project.write({ "gluepy.config.ts": "export default { cache: true };\n" });
    const on = async (...flags: string[]) => {
      const result = await project.run(["dag", "pipeline", "--json", ...flags]);
      assert.equal(result.code, 0, result.stderr);
      return outcomes(result);
    };
    assert.deepEqual(await on(), ALL_RAN);
    assert.equal((await on()).report, "cached");
    assert.deepEqual(await on("--no-cache"), ALL_RAN);
    assert.deepEqual(await on("--no-cache", "--cache"), ALL_RAN);
    assert.deepEqual(await on("--cache", "--no-cache"), ALL_RAN);
  });

  it("code: editing a helper module imported by one task's module re-runs that task; identical output means its downstream is reused (early cutoff)", async () => {
    await run();
    project.write({ "src/helper.ts": "// a comment changes the source, not the result\nexport const factor = 2;\n" });
    assert.deepEqual(reasons(await dryRun()), {
      load: "reuse",
      scale: ["code: src/helper.ts"],
      report: ["upstream: scale"],
      fetch: ["opted out: cache = false"],
      "use-fetch": ["opted out: reads the outputs of fetch (cache = false)"],
    });
    assert.deepEqual(outcomes(await run()), { load: "cached", scale: "ran", report: "cached", fetch: "ran", "use-fetch": "ran" });
    project.write({ "src/helper.ts": "export const factor = 5;\n" });
    assert.deepEqual(outcomes(await run()), { load: "cached", scale: "ran", report: "ran", fetch: "ran", "use-fetch": "ran" });
  });

  it("code: a package version change re-runs the task that imports it", async () => {
    await run();
    project.write({ "node_modules/tiny-pad/package.json": JSON.stringify({ name: "tiny-pad", version: "1.0.1", main: "index.js" }) });
    assert.deepEqual(reasons(await dryRun()).scale, ["code: package tiny-pad 1.0.0 → 1.0.1"]);
    assert.equal(outcomes(await run()).scale, "ran");
  });

  it("context: a --patch changing a key only one task reads re-runs that task alone", async () => {
    await run();
    project.write({ "data/patches/title.yaml": "report:\n  title: Sum\n" });
    const dry = reasons(await dryRun("--patch", "patches/title.yaml"));
    assert.deepEqual([dry.load, dry.scale, dry.report], ["reuse", "reuse", ["context: report.title"]]);
    const patched = await run("--patch", "patches/title.yaml");
    assert.deepEqual(outcomes(patched), { load: "cached", scale: "cached", report: "ran", fetch: "ran", "use-fetch": "ran" });
    assert.equal(file(runFolderOf(patched), "report.txt").toString(), "Sum: 0018");
    // The earlier run with the old title still matches without the patch.
    assert.equal(outcomes(await run()).report, "cached");
  });

  it("input: editing a file under the storage root re-runs its reader; an upstream output whose content changes re-runs what reads it", async () => {
    await run();
    project.write({ "data/raw/input.txt": "abcd\n" });
    const dry = reasons(await dryRun());
    assert.deepEqual([dry.load, dry.scale], [["input: raw/input.txt"], ["upstream: load"]]);
    assert.deepEqual(outcomes(await run()), { load: "ran", scale: "ran", report: "ran", fetch: "ran", "use-fetch": "ran" });
  });

  it("input: an upstream re-run that writes different bytes of the same downstream result is cut off there", async () => {
    await run();
    // Same length: load writes "XYZ" instead of "ABC", scale (length × k × factor) writes the same bytes.
    project.write({ "data/raw/input.txt": "xyz\n" });
    assert.deepEqual(outcomes(await run()), { load: "ran", scale: "ran", report: "cached", fetch: "ran", "use-fetch": "ran" });
  });

  it("static cache = false: the task and the task reading its outputs always run", async () => {
    await run();
    const second = outcomes(await run());
    assert.deepEqual([second.fetch, second["use-fetch"]], ["ran", "ran"]);
  });

  it("deleting the earlier run folder makes the next run a miss, not an error", async () => {
    const first = await run();
    rmSync(join(project.dir, "data", runFolderOf(first)), { recursive: true });
    assert.deepEqual(reasons(await dryRun()).load, ["no earlier run: "]);
    assert.deepEqual(outcomes(await run()), ALL_RAN);
  });

  it("a reused output gone from the earlier run folder is a miss for that task only", async () => {
    const first = await run();
    rmSync(join(project.dir, "data", runFolderOf(first), "report.txt"));
    const dry = reasons(await dryRun());
    assert.equal(dry.scale, "reuse");
    assert.match(String(dry.report), /no earlier run: output .*report\.txt of .* is gone or changed/);
    assert.deepEqual(outcomes(await run()), { load: "cached", scale: "cached", report: "ran", fetch: "ran", "use-fetch": "ran" });
  });

  it("the plain output says which tasks were reused and from which run", async () => {
    const first = await run();
    const plain = await project.run(["dag", "pipeline", "--cache"]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, new RegExp(`✓ report succeeded: reused from run ${runFolderOf(first).split("/").pop()}`));
    assert.match(plain.stdout, /✓ fetch succeeded in/);
  });

  it("--dry-run: a storage-root file that an upstream which will run rewrites is `upstream`, not a reuse", async () => {
    const shared = new TempProject({
      "package.json": JSON.stringify({ name: "cache-root-files", private: true }),
      "gluepy.config.ts": "export default { cache: true };\n",
      "configs/default.yaml": "k: 1\n",
      "src/dags.ts": `import { DAG, Task, context, storage } from "gluepy";
export class Writer extends Task {
  static label = "writer";
  async run() {
    await storage.touch("shared/k.txt", String((context as unknown as { k: number }).k));
  }
}
export class Reader extends Task {
  static label = "reader";
  async run() {
    await storage.touch(storage.runpath("copy.txt"), await storage.open("shared/k.txt"));
  }
}
export class Shared extends DAG {
  static label = "shared";
  static tasks = [Writer, Reader.after(Writer)];
}
`,
    });
    try {
      const real = async () => outcomes(await shared.run(["dag", "shared", "--json"]));
      assert.deepEqual(await real(), { writer: "ran", reader: "ran" });
      shared.write({ "configs/default.yaml": "k: 2\n" });
      const dry = await shared.run(["dag", "shared", "--dry-run", "--json"]);
      assert.deepEqual(reasons(jsonLines(dry.stdout) as DryRunLine[]), { writer: ["context: k"], reader: ["upstream: writer"] });
      assert.deepEqual(await real(), { writer: "ran", reader: "ran" });
    } finally {
      shared.cleanup();
    }
  });

  it("--dry-run runs nothing and creates no run folder", async () => {
    const dry = await project.run(["dag", "pipeline", "--dry-run", "--cache"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^load\s+run\s+no earlier run/m);
    assert.equal(existsSync(join(project.dir, "data", "runs")), false);
  });
});
