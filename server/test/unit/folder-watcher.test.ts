// The fallback watcher (clients that cannot watch files): reports files changed in source folders,
// including folders created after it started, and never watches node_modules.

import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsWatcher } from "../../src/index/folder-watcher";

describe("FsWatcher", () => {
  let root: string;
  let watcher: FsWatcher | undefined;
  const seen: string[] = [];
  let wake: (() => void) | undefined;

  /** Resolves once `file` was reported; fails after a timeout. */
  function reported(file: string, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${file} not reported; got ${JSON.stringify(seen)}`)), timeoutMs);
      const check = () => {
        if (!seen.includes(file)) return;
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      wake = check;
      check();
    });
  }

  before(() => {
    root = mkdtempSync(join(tmpdir(), "gluepy-ls-watch-"));
    mkdirSync(join(root, "src"));
    mkdirSync(join(root, "node_modules", "lib"), { recursive: true });
    watcher = new FsWatcher([root], (f) => {
      seen.push(f);
      wake?.();
    });
  });
  after(() => {
    watcher?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("reports a file written in a source folder", async () => {
    writeFileSync(join(root, "src", "a.ts"), "export {};\n");
    await reported(join(root, "src", "a.ts"));
  });

  it("reports files in a folder created after it started", async () => {
    mkdirSync(join(root, "src", "later"));
    await reported(join(root, "src", "later"));
    writeFileSync(join(root, "src", "later", "b.ts"), "export {};\n");
    await reported(join(root, "src", "later", "b.ts"));
  });

  it("does not watch node_modules", async () => {
    writeFileSync(join(root, "node_modules", "lib", "index.ts"), "export {};\n");
    writeFileSync(join(root, "src", "marker.ts"), "export {};\n");
    await reported(join(root, "src", "marker.ts"));
    assert.ok(!seen.some((f) => f.includes(`${join(root, "node_modules")}/lib/`)), JSON.stringify(seen));
  });
});
