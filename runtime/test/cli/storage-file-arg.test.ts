// Which storage files a `gluepy preview <file>` argument can name: from the storage root, or a path on this
// machine under a local root; never one outside the root.

import assert from "node:assert/strict";
import { storageFileCandidates } from "../../src/cli/storage-file-arg";

const ROOT = "/home/u/project/data";
const CWD = "/home/u/project";

describe("storage file arguments", () => {
  it("tries the path from the storage root first, then from the current folder when that lies in the root", () => {
    assert.deepEqual(storageFileCandidates("runs/2026/x.parquet", ROOT, CWD, true), ["runs/2026/x.parquet"]);
    assert.deepEqual(storageFileCandidates("data/raw/a.csv", ROOT, CWD, true), ["data/raw/a.csv", "raw/a.csv"]);
    assert.deepEqual(storageFileCandidates(`${ROOT}/raw/a.csv`, ROOT, "/", true), ["raw/a.csv"]);
  });

  it("on S3 takes only paths from the storage root", () => {
    assert.deepEqual(storageFileCandidates("data/raw/a.csv", ROOT, CWD, false), ["data/raw/a.csv"]);
    assert.throws(() => storageFileCandidates(`${ROOT}/raw/a.csv`, ROOT, CWD, false), { name: "StoragePathError" });
  });

  it("refuses what can only lie outside the root", () => {
    for (const arg of ["../secret.csv", "/etc/passwd", `${ROOT}/../x.csv`, ROOT]) {
      assert.throws(() => storageFileCandidates(arg, ROOT, CWD, true), { name: "StoragePathError" }, arg);
    }
  });
});
