// V8 code caches of the CLI's bundles in the OS temp folder (runtime/src/loader/code-cache.ts): each
// bundle keeps the cache of its latest build only, so rebuilding dist/ does not fill the temp folder.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { requireWithCodeCache, saveCodeCaches, tempCodeCacheFile } from "../../src/loader/code-cache";

describe("code caches in the temp folder", () => {
  let dir: string;
  let caches: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "gluepy-code-cache-test-"));
    caches = join(dir, "caches");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `file` as a new build (new content and mtime), loads it through its temp cache and saves the cache. */
  function build(file: string, value: number, mtime: number, kind?: string): string {
    writeFileSync(file, `module.exports = ${value};\n`);
    utimesSync(file, mtime, mtime);
    return load(file, value, kind);
  }

  /** Loads the current build of `file` as a run of `kind` would, and saves its cache. */
  function load(file: string, value: number, kind?: string): string {
    delete require.cache[file];
    const cacheFile = tempCodeCacheFile(file, { kind, dir: caches });
    assert.equal(requireWithCodeCache(file, cacheFile), value);
    saveCodeCaches();
    return basename(cacheFile);
  }

  it("a new build's cache replaces the older build's; another bundle's cache stays", () => {
    const bundle = join(dir, "gluepy.js");
    const other = join(dir, "cli-main.js");
    const otherCache = build(other, 7, 1_000);
    const first = build(bundle, 41, 1_000);
    assert.deepEqual(readdirSync(caches).sort(), [first, otherCache].sort());
    const second = build(bundle, 42, 2_000);
    assert.notEqual(second, first);
    assert.deepEqual(readdirSync(caches).sort(), [second, otherCache].sort());
  });

  it("each command keeps its own cache of a build (a `list` run first does not decide what `dag` runs get); the next build replaces them all", () => {
    rmSync(caches, { recursive: true, force: true });
    const bundle = join(dir, "commands.js");
    const list = build(bundle, 1, 1_000, "list");
    const dag = load(bundle, 1, "dag");
    assert.notEqual(dag, list);
    assert.deepEqual(readdirSync(caches).sort(), [dag, list].sort());
    const next = build(bundle, 2, 2_000, "dag");
    assert.deepEqual(readdirSync(caches), [next]);
  });

  it("removes the caches no start has used for two weeks (copies of gluepy since deleted) and crashed writes; a cache in use is kept", () => {
    rmSync(caches, { recursive: true, force: true });
    mkdirSync(caches, { recursive: true });
    const days = (n: number) => (Date.now() - n * 24 * 3600_000) / 1000;
    const cacheOf = (owner: string) => join(caches, `${owner.repeat(20)}-${"0".repeat(20)}.bin`);
    // Another copy's cache, unused for 15 days; another's used 13 days ago; a write that crashed 2 days ago.
    const gone = cacheOf("a");
    const recent = cacheOf("b");
    const crashed = `${cacheOf("c")}.123.tmp`;
    for (const [file, age] of [[gone, 15], [recent, 13], [crashed, 2]] as const) {
      writeFileSync(file, "");
      utimesSync(file, days(age), days(age));
    }
    // This bundle's cache, written 20 days ago and used by every start since: a start marks it used.
    const bundle = join(dir, "used.js");
    const used = build(bundle, 5, 1_000);
    utimesSync(join(caches, used), days(20), days(20));
    load(bundle, 5);
    assert.ok(Date.now() - statSync(join(caches, used)).mtimeMs < 60_000, "the cache a start read is marked used");
    // The next cache written (another bundle's) sweeps the folder.
    const fresh = build(join(dir, "fresh.js"), 6, 1_000);
    assert.deepEqual(readdirSync(caches).sort(), [basename(recent), fresh, used].sort());
  });
});
