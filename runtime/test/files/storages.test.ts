import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { StoragePathError } from "../../src/files/storages/base";
import { createStorage, LocalStorage, MemoryStorage } from "../../src/files/storages";
import { describeStorageConformance } from "../storage-conformance";

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), "gluepy-storage-"));
}

describeStorageConformance("local", async () => {
  const dir = await tempDir();
  return { storage: new LocalStorage(path.join(dir, "root")), cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
});

describeStorageConformance("memory", async () => ({ storage: new MemoryStorage(), cleanup: async () => undefined }));

describe("local storage on disk", () => {
  let dir: string;
  let storage: LocalStorage;
  beforeEach(async () => {
    dir = await tempDir();
    storage = new LocalStorage(path.join(dir, "root"));
    await fs.mkdir(path.join(dir, "root"));
    await fs.writeFile(path.join(dir, "secret.txt"), "outside");
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it("refuses a symlink that leads out of the root", async () => {
    await fs.symlink(dir, path.join(dir, "root", "escape"));
    await assert.rejects(storage.open("escape/secret.txt"), StoragePathError);
    await assert.rejects(storage.touch("escape/new.txt", "x"), StoragePathError);
    await assert.rejects(storage.exists("escape/secret.txt"), StoragePathError);
    await assert.rejects(fs.access(path.join(dir, "new.txt")));
  });

  it("follows a symlink that stays inside the root", async () => {
    await storage.touch("real/f.txt", "inside");
    await fs.symlink(path.join(dir, "root", "real"), path.join(dir, "root", "alias"));
    assert.equal((await storage.open("alias/f.txt")).toString(), "inside");
    assert.deepEqual(await storage.ls(""), { files: [], dirs: ["alias", "real"] });
  });

  it("does not list a file that is still being written", async () => {
    await storage.touch("w/done.txt", "x");
    await fs.writeFile(path.join(dir, "root", "w", "next.txt.123.abcd.gluepy-partial"), "half");
    assert.deepEqual(await storage.ls("w"), { files: ["done.txt"], dirs: [] });
  });

  it("keeps files where abspath says", async () => {
    await storage.touch("x/y.txt", "here");
    assert.equal(storage.abspath("x/y.txt"), path.join(dir, "root", "x", "y.txt"));
    assert.equal(await fs.readFile(path.join(dir, "root", "x", "y.txt"), "utf8"), "here");
  });
});

describe("createStorage", () => {
  it("builds the backend the settings name", async () => {
    assert.ok((await createStorage({ storage: { backend: "local" }, storageRoot: "/tmp/r" })) instanceof LocalStorage);
    assert.ok((await createStorage({ storage: { backend: "memory" }, storageRoot: "/tmp/r" })) instanceof MemoryStorage);
  });

  it("asks for a bucket when s3 has none", async () => {
    await assert.rejects(createStorage({ storage: { backend: "s3" }, storageRoot: "/tmp/r" }), /storage\.s3\.bucket/);
  });
});
