// Loads a large CommonJS file through V8's code cache (Node 20 has no `module.enableCompileCache`):
// compiling the 0.4 MB runtime bundle on every start costs about as much as starting Node itself.
// The cache is written once, when the process ends, after the start-up code has run (so the functions
// it compiled are in it); V8 rejects a cache that does not match the source or the Node version, and
// then it is rewritten. In the OS temp folder each bundle keeps the cache of its latest build only
// (every rebuild of dist/ would otherwise leave one more behind, for good), and a cache no start has used
// for STALE_MS is removed (the caches of copies of gluepy since deleted: each npm install of it, in any
// project or temporary folder, has its own). A script compiled this way cannot run a real `import()` on Node 20 (that needs
// --experimental-vm-modules), so the runtime bundle is built with dynamic imports turned into requires.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import vm from "node:vm";

interface ModuleInternals {
  _cache: Record<string, Module>;
  _nodeModulePaths(dir: string): string[];
}
const internals = Module as unknown as ModuleInternals;

const pending: { script: vm.Script; cacheFile: string }[] = [];
let exitHook = false;

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");
/** Hex digits of the owner and of the build in a temp cache file's name. */
const KEY = 20;

/**
 * The default place for a file's code cache: `<OS temp>/gluepy-code-cache/<owner>-<build>[-<kind>].bin`, the
 * owner keyed by the file's path and the Node that runs it, the build by its size and mtime. `kind` keeps
 * one cache per kind of run (the CLI's command): a cache holds what the run that wrote it compiled, and
 * is never added to, so a `gluepy list` run first would leave every later `gluepy dag` compiling the
 * run's code again. `dir` is for tests.
 */
export function tempCodeCacheFile(file: string, options: { kind?: string; dir?: string } = {}): string {
  const st = statSync(file);
  const owner = sha1(`${file}\0${process.version}\0${process.arch}`).slice(0, KEY);
  const build = sha1(`${st.size}\0${st.mtimeMs}`).slice(0, KEY);
  const kind = options.kind === undefined ? "" : `-${options.kind.replace(/[^A-Za-z0-9]/g, "_").slice(0, 32)}`;
  return join(options.dir ?? join(tmpdir(), "gluepy-code-cache"), `${owner}-${build}${kind}.bin`);
}

/** Removes the caches of a temp cache file's other builds (same owner, another build; any kind); best effort. */
function removeOtherBuilds(cacheFile: string): void {
  const name = basename(cacheFile);
  const owner = name.slice(0, KEY + 1);
  const ownerBuild = name.slice(0, 2 * KEY + 1);
  try {
    for (const other of readdirSync(dirname(cacheFile))) {
      // A `.tmp` is another process writing its cache right now.
      if (other.startsWith(owner) && !other.startsWith(ownerBuild) && other.endsWith(".bin")) rmSync(join(dirname(cacheFile), other), { force: true });
    }
  } catch {
    // Left for the next build's cache to remove.
  }
}

/** A temp cache no start has used for this long is removed when another cache is written. */
const STALE_MS = 14 * 24 * 3600_000;
/** A used cache's mtime is brought up to date at most this often (it says the cache is still used). */
const USED_MS = 24 * 3600_000;

/** Removes the temp caches (any owner) no start has used for STALE_MS, and writes left by a crash; best effort. */
function removeStale(dir: string, now: number): void {
  try {
    for (const name of readdirSync(dir)) {
      const cache = TEMP_CACHE_NAME.test(name);
      if (!cache && !/\.bin\.\d+\.tmp$/.test(name)) continue;
      const file = join(dir, name);
      if (now - statSync(file).mtimeMs > (cache ? STALE_MS : USED_MS)) rmSync(file, { force: true });
    }
  } catch {
    // Left for the next cache written.
  }
}

/** A cache file named by tempCodeCacheFile (owner-build[-kind].bin): its other builds are stale. */
const TEMP_CACHE_NAME = /^[0-9a-f]{20}-[0-9a-f]{20}(-[A-Za-z0-9_]{1,32})?\.bin$/;

export interface CodeCacheOptions {
  /**
   * The file is one of the runtime's bundles: its `require("./vendor/…")` (the bundles of heavy packages,
   * esbuild.config.mjs) loads through a temp code cache too, and skips Node's reading of their source maps.
   */
  vendorBundles?: boolean;
}

/** `require(file)` with V8's code cache in `cacheFile`; a file already required is returned as is. */
export function requireWithCodeCache(file: string, cacheFile: string, options: CodeCacheOptions = {}): unknown {
  const loaded = internals._cache[file];
  if (loaded) return loaded.exports;
  const source = readFileSync(file, "utf8");
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  if (cachedData) markUsed(cacheFile);
  // The wrapper on a line of its own, hidden by lineOffset: every line and column in stack traces is the
  // file's (Node's Module.wrap would shift line 1, where a minified bundle keeps most of its code).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: file,
    lineOffset: -1,
    cachedData,
    ...(/\bimport\s*\(/.test(source) ? { importModuleDynamically: mainContextLoader() } : {}),
  });
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = internals._nodeModulePaths(dirname(file));
  internals._cache[file] = mod;
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    const plain = Module.createRequire(file);
    wrapper.call(mod.exports, mod.exports, options.vendorBundles ? vendorAware(plain, dirname(file)) : plain, mod, file, dirname(file));
  } catch (error) {
    delete internals._cache[file];
    throw error;
  }
  mod.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) saveAtExit(script, cacheFile);
  return mod.exports;
}

/** `require` of a runtime bundle in `dir`, whose `./vendor/` bundles load as the bundle itself did. */
function vendorAware(plain: NodeJS.Require, dir: string): NodeJS.Require {
  const vendored = (id: string): unknown => {
    if (!id.startsWith("./vendor/")) return plain(id);
    const file = join(dir, id);
    return requireWithCodeCache(file, tempCodeCacheFile(file), { vendorBundles: true });
  };
  return Object.assign(vendored, plain);
}

/**
 * Node's default ESM loader for `import()` in a vm.Script. Node 20 calls this constant experimental and warns
 * on its first use, though it is the only flag-free way to give code compiled with a code cache a real
 * `import()` (Node 22 has module.enableCompileCache instead): that one warning is not the user's business.
 */
function mainContextLoader(): typeof vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER {
  const emit = process.emitWarning as typeof process.emitWarning & { gluepyFiltered?: boolean };
  if (!emit.gluepyFiltered) {
    const filtered = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
      if ((typeof warning === "string" ? warning : warning.message).includes("USE_MAIN_CONTEXT_DEFAULT_LOADER")) return;
      return (emit as (...args: unknown[]) => void).call(this, warning, ...rest);
    } as typeof process.emitWarning & { gluepyFiltered?: boolean };
    filtered.gluepyFiltered = true;
    process.emitWarning = filtered;
  }
  return vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
}

/** A temp cache read by this start is still in use: its mtime (older than a day) is set to now, so that
 * removeStale keeps it. */
function markUsed(cacheFile: string): void {
  if (!TEMP_CACHE_NAME.test(basename(cacheFile))) return;
  try {
    const now = Date.now();
    if (now - statSync(cacheFile).mtimeMs > USED_MS) utimesSync(cacheFile, now / 1000, now / 1000);
  } catch {
    // Removed meanwhile: this start has read it already.
  }
}

function saveAtExit(script: vm.Script, cacheFile: string): void {
  pending.push({ script, cacheFile });
  if (exitHook) return;
  exitHook = true;
  process.once("exit", saveCodeCaches);
}

/** Writes the caches still to write (the exit hook; tests call it); a temp cache replaces its other builds'. */
export function saveCodeCaches(): void {
  for (const { script, cacheFile } of pending.splice(0)) {
    try {
      mkdirSync(dirname(cacheFile), { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // No cache this time; the next start compiles as usual.
      continue;
    }
    if (TEMP_CACHE_NAME.test(basename(cacheFile))) {
      removeOtherBuilds(cacheFile);
      removeStale(dirname(cacheFile), Date.now());
    }
  }
}
