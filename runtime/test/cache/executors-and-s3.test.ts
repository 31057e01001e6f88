// The run cache (issue 13) under the other executors and storages: tasks run in worker-pool processes and
// in BullMQ workers (real Redis) record their context reads and are reused the same way; on S3 storage
// (s3rver) the reused outputs are copied on the server into the new run folder.

import assert from "node:assert/strict";
import { S3Storage } from "../../src/files/storages/s3";
import { ensureBuilt, type TempProject } from "../cli/support/cli";
import { startRedis, type TestRedis } from "../support/redis";
import { gluepy } from "../scaleout/gluepy-cli";
import { waitForExit, waitForLine } from "../scaleout/process";
import { startS3Server, type S3TestServer } from "../scaleout/s3-server";
import { cacheProject, outcomes, runFolderOf } from "./cache-project";

const CONTEXT_CHANGE = { "configs/default.yaml": "scale:\n  k: 3\nreport:\n  title: Other\n" };

describe("run cache: executors and S3", function () {
  this.timeout(180_000);
  let project: TempProject;
  before(() => ensureBuilt());
  beforeEach(() => (project = cacheProject()));
  afterEach(() => project.cleanup());

  const run = async (args: string[], env?: NodeJS.ProcessEnv) => {
    const result = await project.run(["dag", "pipeline", "--json", "--cache", ...args], { env, timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    return result;
  };

  it("worker-pool: tasks run in pool processes record their fingerprint and are reused", async () => {
    assert.equal(outcomes(await run(["--executor", "worker-pool"])).report, "ran");
    assert.deepEqual(outcomes(await run(["--executor", "worker-pool"])), { load: "cached", scale: "cached", report: "cached", fetch: "ran", "use-fetch": "ran" });
    // The context key read in a pool process is part of the fingerprint.
    project.write(CONTEXT_CHANGE);
    assert.deepEqual(outcomes(await run(["--executor", "worker-pool"])), { load: "cached", scale: "cached", report: "ran", fetch: "ran", "use-fetch": "ran" });
  });

  describe("BullMQ workers (real Redis)", () => {
    let redis: TestRedis;
    before(async () => (redis = await startRedis()));
    after(() => redis?.stop());

    it("tasks run by a worker record their fingerprint and are reused", async () => {
      const env = { GLUEPY_REDIS_URL: redis.url, GLUEPY_BULLMQ_QUEUE: `cache-${process.pid}` };
      const worker = gluepy(["worker"], { project: project.dir, env });
      try {
        await waitForLine(worker.child, /gluepy worker: ready/, 60_000);
        assert.equal(outcomes(await run(["--executor", "bullmq"], env)).report, "ran");
        assert.deepEqual(outcomes(await run(["--executor", "bullmq"], env)), { load: "cached", scale: "cached", report: "cached", fetch: "ran", "use-fetch": "ran" });
        project.write(CONTEXT_CHANGE);
        assert.equal(outcomes(await run(["--executor", "bullmq"], env)).report, "ran");
      } finally {
        worker.child.kill("SIGTERM");
        await waitForExit(worker.child, 30_000);
      }
    });
  });

  describe("S3 storage (s3rver)", () => {
    let server: S3TestServer;
    before(async () => (server = await startS3Server()));
    after(() => server?.stop());

    it("reused outputs are copied into the new run folder on the server, byte-identical; a changed input there re-runs its reader", async () => {
      const options = server.options(`cache-${process.pid}`);
      const s3 = new S3Storage(options);
      const env = {
        GLUEPY_STORAGE_BACKEND: "s3",
        GLUEPY_S3_BUCKET: options.bucket,
        GLUEPY_S3_PREFIX: options.prefix,
        GLUEPY_S3_ENDPOINT: options.endpoint,
        GLUEPY_S3_REGION: options.region,
        AWS_ACCESS_KEY_ID: options.accessKeyId,
        AWS_SECRET_ACCESS_KEY: options.secretAccessKey,
      };
      try {
        await s3.touch("raw/input.txt", "abc\n");
        const first = await run([], env);
        assert.equal(outcomes(first).load, "ran");
        const second = await run([], env);
        assert.deepEqual(outcomes(second), { load: "cached", scale: "cached", report: "cached", fetch: "ran", "use-fetch": "ran" });
        for (const name of ["load.txt", "scale.txt", "report.txt"]) {
          assert.deepEqual(await s3.open(`${runFolderOf(second)}/${name}`), await s3.open(`${runFolderOf(first)}/${name}`), name);
        }
        await s3.touch("raw/input.txt", "abcd\n");
        assert.equal(outcomes(await run([], env)).load, "ran");
      } finally {
        await s3.rm("");
        s3.destroy();
      }
    });
  });
});
