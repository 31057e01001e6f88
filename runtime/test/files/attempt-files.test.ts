// The per-attempt file record (task-files.ts) and the preview's cell values, without I/O.

import assert from "node:assert/strict";
import { AttemptFiles } from "../../src/files/task-files";
import { jsonValue } from "../../src/files/data/frame-slice";

const RUN = "runs/2026/12/04/r1";

describe("AttemptFiles", () => {
  it("gives run-folder paths inside the run folder, root-marked ones outside it (a sibling run folder is outside)", () => {
    const files = new AttemptFiles(RUN);
    files.wrote(`${RUN}/out.csv`, 3, "a");
    files.wrote("shared/model.bin", 4, "b");
    files.wrote(`${RUN}x/other.csv`, 5, "c");
    assert.deepEqual(files.report().outputs, [
      { path: "out.csv", bytes: 3, sha256: "a" },
      { path: "shared/model.bin", root: true, bytes: 4, sha256: "b" },
      { path: `${RUN}x/other.csv`, root: true, bytes: 5, sha256: "c" },
    ]);
  });

  it("keeps the last write of a path in the place of its first, and forgets what was removed (a file or a folder)", () => {
    const files = new AttemptFiles(RUN);
    files.wrote(`${RUN}/a.txt`, 1, "1");
    files.wrote(`${RUN}/dir/b.txt`, 1, "2");
    files.wrote(`${RUN}/dir/c.txt`, 1, "3");
    files.wrote(`${RUN}/dirty.txt`, 1, "4");
    files.wrote(`${RUN}/a.txt`, 2, "5");
    files.removed(`${RUN}/dir`);
    assert.deepEqual(files.report().outputs?.map((f) => [f.path, f.sha256]), [["a.txt", "5"], ["dirty.txt", "4"]]);
  });

  it("counts a read once, and not at all when the attempt wrote that file first", () => {
    const files = new AttemptFiles(RUN);
    files.wasRead("raw/in.csv", 10, "x");
    files.wasRead("raw/in.csv", 10, "x");
    files.wrote(`${RUN}/mine.txt`, 1, "m");
    files.wasRead(`${RUN}/mine.txt`, 1, "m");
    assert.deepEqual(files.report(), { inputs: [{ path: "raw/in.csv", root: true, bytes: 10, sha256: "x" }], outputs: [{ path: "mine.txt", bytes: 1, sha256: "m" }] });
  });

  it("reports nothing (no outputs or inputs keys) for an attempt that touched no file", () => {
    assert.deepEqual(new AttemptFiles(RUN).report(), {});
  });
});

describe("preview cell values", () => {
  it("are JSON: exact 64-bit integers as numbers, larger ones as strings, dates as ISO text, nested values too", () => {
    assert.equal(jsonValue(42n), 42);
    assert.equal(jsonValue(2n ** 63n - 1n), "9223372036854775807");
    assert.equal(jsonValue(new Date(Date.UTC(2026, 11, 4))), "2026-12-04T00:00:00.000Z");
    assert.deepEqual(jsonValue({ a: [1n, null, undefined] }), { a: [1, null, null] });
    assert.equal(jsonValue(Number.NaN), "NaN");
    assert.equal(jsonValue(undefined), null);
  });
});
