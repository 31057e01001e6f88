// `gluepy runs --json` through the built CLI: every field a run has (issue 12), the storage root the
// project's settings name (gluepy.config.ts, GLUEPY_STORAGE_ROOT), and runs kept on S3 (s3rver).

import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { RunListing } from "../../../shared/run-summary";
import { startS3Server, type S3TestServer } from "../scaleout/s3-server";
import { ensureBuilt, TempProject } from "./support/cli";
import { SHOP_FILES } from "./support/shop-project";

async function runsJson(project: TempProject, env?: NodeJS.ProcessEnv, args: string[] = []): Promise<RunListing> {
  const r = await project.run(["runs", "--json", ...args], { env });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as RunListing;
}

describe("gluepy runs --json", function () {
  this.timeout(120_000);
  let project: TempProject;

  before(() => ensureBuilt());
  afterEach(() => project.cleanup());

  it("gives each run's folder, DAG, status, start, own duration over every invocation, task statuses, metrics and flattened params", async () => {
    project = new TempProject({ ...SHOP_FILES, "configs/more.yaml": "model:\n  depth: 3\n  layers: [8, 4]\n" });
    const failed = await project.run(["dag", "shop", "--json"]);
    assert.equal(failed.code, 1, failed.stderr);
    let listing = await runsJson(project);
    assert.equal(listing.runs.length, 1);
    const first = listing.runs[0]!;
    assert.deepEqual([first.dag, first.status], ["shop", "failed"]);
    assert.match(first.runFolder, /^runs\/\d{4}\/\d{2}\/\d{2}\/[^/]+$/);
    assert.equal(first.runId, first.runFolder.split("/").pop());
    assert.deepEqual(first.tasks, { a: "succeeded", b: "failed", d: "succeeded", c: "skipped" });
    assert.deepEqual(first.params, { "shop.fail": true, "shop.greeting": "hello", "model.depth": 3, "model.layers": [8, 4] });
    assert.ok(first.startedAt && !Number.isNaN(Date.parse(first.startedAt)));
    const firstDuration = first.durationMs!;
    assert.ok(firstDuration > 0);

    const retried = await project.run(["dag", "shop", "--retry", first.runFolder, "--resume", "--local-patch", join(project.dir, "fix.yaml"), "--json"]);
    assert.equal(retried.code, 0, retried.stderr);
    const retryEnd = retried.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { event: string; durationMs?: number }).find((e) => e.event === "run-end")!;
    listing = await runsJson(project);
    const run = listing.runs[0]!;
    assert.equal(run.runFolder, first.runFolder);
    assert.equal(run.status, "succeeded");
    assert.deepEqual(run.tasks, { a: "succeeded", b: "succeeded", d: "succeeded", c: "succeeded" });
    assert.equal(run.durationMs, firstDuration + retryEnd.durationMs!, "the run's own duration counts the first invocation and the retry");
    assert.equal(run.params["shop.fail"], false, "params are the run's context as saved, with the retry's patch");

    const scored = await project.run(["dag", "scored"]);
    assert.equal(scored.code, 0, scored.stderr);
    listing = await runsJson(project);
    assert.deepEqual(listing.runs.map((r) => r.dag), ["scored", "shop"], "newest first");
    assert.deepEqual(listing.runs[0]!.metrics, { mae: 1.5, rmse: 2 });
    assert.deepEqual((await runsJson(project, undefined, ["--dag", "shop"])).runs.map((r) => r.dag), ["shop"]);
  });

  it("reads runs under the storageRoot gluepy.config.ts sets, and GLUEPY_STORAGE_ROOT over it", async () => {
    project = new TempProject({ ...SHOP_FILES, "gluepy.config.ts": 'export default { storageRoot: "store/here" };\n' });
    assert.equal((await project.run(["dag", "scored"])).code, 0);
    assert.ok(existsSync(join(project.dir, "store/here/runs")));
    assert.equal(existsSync(join(project.dir, "data")), false);
    const listing = await runsJson(project);
    assert.equal(listing.storageRoot, join(project.dir, "store/here"));
    assert.deepEqual(listing.runs.map((r) => [r.dag, r.status]), [["scored", "succeeded"]]);

    const elsewhere = await runsJson(project, { GLUEPY_STORAGE_ROOT: join(project.dir, "other") });
    assert.equal(elsewhere.storageRoot, join(project.dir, "other"));
    assert.deepEqual(elsewhere.runs, []);
  });

  it("a run folder whose record is lost or cut short is still listed, from what it has", async () => {
    project = new TempProject(SHOP_FILES);
    assert.equal((await project.run(["dag", "scored"])).code, 0);
    const [run] = (await runsJson(project)).runs;
    rmSync(join(project.dir, "data", run!.runFolder, ".gluepy", "state.json"));
    const fromEvents = (await runsJson(project)).runs[0]!;
    assert.deepEqual([fromEvents.dag, fromEvents.status, fromEvents.metrics], ["scored", "succeeded", { mae: 1.5, rmse: 2 }], "folded from events.jsonl");
    rmSync(join(project.dir, "data", run!.runFolder, ".gluepy"), { recursive: true });
    const bare = (await runsJson(project)).runs[0]!;
    assert.deepEqual([bare.runFolder, bare.status, bare.dag], [run!.runFolder, "unknown", undefined]);
    assert.equal(bare.params["shop.greeting"], "hello");
  });

  describe("on S3 storage (s3rver)", () => {
    let s3: S3TestServer;
    before(async () => (s3 = await startS3Server("gluepy-runs")));
    after(() => s3.stop());

    it("lists the runs on S3 with their metrics and params read from the bucket, and folders only the bucket has", async () => {
      const { endpoint, bucket, accessKeyId, secretAccessKey } = s3.options();
      project = new TempProject({
        ...SHOP_FILES,
        "gluepy.config.ts": `export default { storage: { backend: "s3", s3: { bucket: "${bucket}", prefix: "team/shop", endpoint: "${endpoint}", forcePathStyle: true } } };\n`,
      });
      const env = { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
      const scored = await project.run(["dag", "scored"], { env });
      assert.equal(scored.code, 0, scored.stderr);
      const listing = await runsJson(project, env);
      assert.equal(listing.backend, "s3");
      assert.equal(listing.runs.length, 1);
      const run = listing.runs[0]!;
      assert.deepEqual([run.dag, run.status, run.metrics], ["scored", "succeeded", { mae: 1.5, rmse: 2 }]);
      assert.equal(run.params["shop.greeting"], "hello", "context.yaml read from the bucket");

      // Another machine's run: in the bucket, with no record on this disk.
      rmSync(join(project.dir, "data", "runs"), { recursive: true });
      const remote = (await runsJson(project, env)).runs;
      assert.deepEqual(remote.map((r) => [r.runFolder, r.status]), [[run.runFolder, "unknown"]]);
      assert.deepEqual(remote[0]!.metrics, { mae: 1.5, rmse: 2 });
    });
  });
});
