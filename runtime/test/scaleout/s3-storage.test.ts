// The S3 backend passes the same conformance suite as local and memory storage, against a real
// S3-compatible server (s3rver) on loopback; each test gets its own key prefix in one bucket.

import * as assert from "node:assert/strict";
import { S3Storage } from "../../src/files/storages/s3";
import { createStorage } from "../../src/files/storages";
import { describeStorageConformance } from "../storage-conformance";
import { type S3TestServer, startS3Server } from "./s3-server";

describe("S3 storage", function () {
  this.timeout(60_000);
  let server: S3TestServer;
  let prefixes = 0;
  before(async () => {
    server = await startS3Server();
  });
  after(async () => {
    await server?.stop();
  });

  describeStorageConformance("s3 (s3rver on loopback)", async () => {
    const storage = new S3Storage(server.options(`conformance-${++prefixes}`));
    return {
      storage,
      cleanup: async () => {
        await storage.rm("");
        storage.destroy();
      },
    };
  });

  it("is what createStorage returns for backend 's3', keeping objects under the configured prefix", async () => {
    const { accessKeyId, secretAccessKey, ...s3 } = server.options("projects/forecast");
    // Credentials come from the environment, as on a real machine.
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = secretAccessKey;
    try {
      const storage = await createStorage({ storage: { backend: "s3", s3 }, storageRoot: "/unused" });
      assert.ok(storage instanceof S3Storage);
      await storage.touch("runs/x/out.csv", "a,b\n1,2\n");
      assert.equal(storage.abspath("runs/x/out.csv"), "s3://gluepy-test/projects/forecast/runs/x/out.csv");
      const raw = new S3Storage(server.options(""));
      assert.deepEqual(await raw.ls("projects/forecast/runs/x"), { files: ["out.csv"], dirs: [] });
      await storage.rm("");
      assert.equal(await raw.exists("projects/forecast"), false);
      raw.destroy();
      (storage as S3Storage).destroy();
    } finally {
      restore("AWS_ACCESS_KEY_ID", saved.id);
      restore("AWS_SECRET_ACCESS_KEY", saved.secret);
    }
  });

  it("lists folders with more than one page of keys", async () => {
    const storage = new S3Storage(server.options("paging"));
    // s3rver pages at 1,000 keys, as S3 does.
    await Promise.all(Array.from({ length: 1005 }, (_, i) => storage.touch(`many/f${String(i).padStart(4, "0")}.txt`, "x")));
    const { files } = await storage.ls("many");
    assert.equal(files.length, 1005);
    assert.equal(files[1004], "f1004.txt");
    await storage.rm("many");
    assert.equal(await storage.exists("many"), false);
    storage.destroy();
  });
});

function restore(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
