// The one storage conformance suite (DESIGN §4b): every backend runs it, so each implements the whole
// Storage contract the same way. Call describeStorageConformance from a backend's test file.

import * as assert from "node:assert/strict";
import { Readable } from "node:stream";
import { runInScope, type RunScope } from "../src/exec/scope";
import { type Storage, StoragePathError } from "../src/files/storages/base";

export interface StorageUnderTest {
  storage: Storage;
  cleanup(): Promise<void>;
}

const RUN_FOLDER = "runs/2026/11/25/conformance";

function inRun<T>(storage: Storage, fn: () => T): T {
  const scope: RunScope = { runId: "conformance", runFolder: RUN_FOLDER, context: {}, storage, emit: () => undefined };
  return runInScope(scope, fn);
}

const isPathError = (e: unknown) => e instanceof StoragePathError;
const isNotFound = (e: unknown) => (e as NodeJS.ErrnoException).code === "ENOENT";

export function describeStorageConformance(name: string, make: () => Promise<StorageUnderTest>): void {
  describe(`storage conformance: ${name}`, () => {
    let under: StorageUnderTest;
    let storage: Storage;

    beforeEach(async () => {
      under = await make();
      storage = under.storage;
    });
    afterEach(async () => {
      await under.cleanup();
    });

    it("writes a string and reads the same bytes back", async () => {
      await storage.touch("a.txt", "héllo");
      assert.equal((await storage.open("a.txt")).toString("utf8"), "héllo");
    });

    it("returns the whole content on every read, not only the first (Gluepy's memory-storage bug)", async () => {
      await storage.touch("twice.txt", "same content");
      assert.equal((await storage.open("twice.txt")).toString(), "same content");
      assert.equal((await storage.open("twice.txt")).toString(), "same content");
    });

    it("writes bytes and streams", async () => {
      await storage.touch("bytes.bin", new Uint8Array([0, 1, 2, 255]));
      assert.deepEqual([...(await storage.open("bytes.bin"))], [0, 1, 2, 255]);
      await storage.touch("stream.txt", Readable.from([Buffer.from("one,"), "two,", Buffer.from("three")]));
      assert.equal((await storage.open("stream.txt")).toString(), "one,two,three");
    });

    it("replaces an existing file and creates the parent folders of a new one", async () => {
      await storage.touch("deep/er/f.txt", "first");
      await storage.touch("deep/er/f.txt", "second");
      assert.equal((await storage.open("deep/er/f.txt")).toString(), "second");
      assert.equal(await storage.isdir("deep"), true);
      assert.equal(await storage.isdir("deep/er"), true);
    });

    it("rejects reading a missing file with a not-found error", async () => {
      await assert.rejects(storage.open("missing.txt"), isNotFound);
    });

    it("tells files from folders, and false for what does not exist", async () => {
      await storage.touch("d/f.txt", "x");
      assert.equal(await storage.isfile("d/f.txt"), true);
      assert.equal(await storage.isdir("d/f.txt"), false);
      assert.equal(await storage.isdir("d"), true);
      assert.equal(await storage.isfile("d"), false);
      assert.equal(await storage.exists("d"), true);
      assert.equal(await storage.exists("d/f.txt"), true);
      assert.equal(await storage.exists("nope"), false);
      assert.equal(await storage.isfile("nope"), false);
      assert.equal(await storage.isdir("nope"), false);
    });

    it("makes an empty folder that exists and lists", async () => {
      await storage.mkdir("empty/inner");
      assert.equal(await storage.isdir("empty/inner"), true);
      assert.deepEqual(await storage.ls("empty"), { files: [], dirs: ["inner"] });
    });

    it("lists the files and folders directly inside a folder, each sorted by name", async () => {
      await storage.touch("ls/b.txt", "b");
      await storage.touch("ls/a.txt", "a");
      await storage.touch("ls/z/deep/c.txt", "c");
      await storage.touch("ls/m/d.txt", "d");
      assert.deepEqual(await storage.ls("ls"), { files: ["a.txt", "b.txt"], dirs: ["m", "z"] });
      assert.deepEqual(await storage.ls("ls/z"), { files: [], dirs: ["deep"] });
      assert.deepEqual(await storage.ls("ls/z/deep"), { files: ["c.txt"], dirs: [] });
      assert.deepEqual(await storage.ls("ls/"), await storage.ls("ls"));
      const top = await storage.ls("");
      assert.ok(top.dirs.includes("ls"));
    });

    it("rejects listing a missing folder", async () => {
      await assert.rejects(storage.ls("no/such/folder"), isNotFound);
    });

    it("removes a file, and a folder with everything in it", async () => {
      await storage.touch("rm/keep.txt", "k");
      await storage.touch("rm/gone.txt", "g");
      await storage.touch("rm/sub/x/y.txt", "y");
      await storage.rm("rm/gone.txt");
      assert.equal(await storage.exists("rm/gone.txt"), false);
      await storage.rm("rm/sub");
      assert.equal(await storage.exists("rm/sub"), false);
      assert.equal(await storage.exists("rm/sub/x/y.txt"), false);
      assert.deepEqual(await storage.ls("rm"), { files: ["keep.txt"], dirs: [] });
    });

    it("copies a file, and a folder with everything in it", async () => {
      await storage.touch("cp/src.txt", "content");
      await storage.cp("cp/src.txt", "cp/copy/dest.txt");
      assert.equal((await storage.open("cp/copy/dest.txt")).toString(), "content");
      assert.equal((await storage.open("cp/src.txt")).toString(), "content");
      await storage.touch("tree/a.txt", "a");
      await storage.touch("tree/sub/b.txt", "b");
      await storage.cp("tree", "tree2");
      assert.equal((await storage.open("tree2/a.txt")).toString(), "a");
      assert.equal((await storage.open("tree2/sub/b.txt")).toString(), "b");
      await assert.rejects(storage.cp("cp/missing.txt", "cp/x.txt"), isNotFound);
    });

    it("refuses every path that escapes the storage root", async () => {
      for (const bad of ["../outside.txt", "a/../../outside.txt", "/etc/passwd", "../../etc/passwd"]) {
        await assert.rejects(storage.touch(bad, "x"), isPathError, `touch ${bad}`);
        await assert.rejects(storage.open(bad), isPathError, `open ${bad}`);
        await assert.rejects(storage.exists(bad), isPathError, `exists ${bad}`);
        await assert.rejects(storage.ls(bad), isPathError, `ls ${bad}`);
        await assert.rejects(storage.rm(bad), isPathError, `rm ${bad}`);
        await assert.rejects(storage.cp("a.txt", bad), isPathError, `cp to ${bad}`);
        assert.throws(() => storage.abspath(bad), isPathError, `abspath ${bad}`);
      }
    });

    it("accepts '..' that stays inside the root", async () => {
      await storage.touch("a/b/../c.txt", "c");
      assert.equal((await storage.open("a/c.txt")).toString(), "c");
    });

    it("puts runpath inside the current run folder and refuses it outside a run", async () => {
      const p = inRun(storage, () => storage.runpath("out/forecast.csv"));
      assert.equal(p, `${RUN_FOLDER}/out/forecast.csv`);
      await inRun(storage, () => storage.touch(storage.runpath("x.txt"), "in run"));
      assert.equal((await storage.open(`${RUN_FOLDER}/x.txt`)).toString(), "in run");
      assert.throws(() => inRun(storage, () => storage.runpath("../../../../../x")), isPathError);
      assert.throws(() => storage.runpath("x.txt"), /needs a run/);
    });

    it("names where a path really is", async () => {
      const where = storage.abspath("some/file.csv");
      assert.ok(where.endsWith("some/file.csv"), where);
    });
  });
}
