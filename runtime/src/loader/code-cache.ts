// Loads a large CommonJS file through V8's code cache (Node 20 has no `module.enableCompileCache`):
// compiling the 0.4 MB runtime bundle on every start costs about as much as starting Node itself.
// The cache is written once, when the process ends, after the start-up code has run (so the functions
// it compiled are in it); V8 rejects a cache that does not match the source or the Node version, and
// then it is rewritten. A script compiled this way cannot run a real `import()` on Node 20 (that needs
// --experimental-vm-modules), so the runtime bundle is built with dynamic imports turned into requires.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import vm from "node:vm";

interface ModuleInternals {
  _cache: Record<string, Module>;
  _nodeModulePaths(dir: string): string[];
  wrap(source: string): string;
}
const internals = Module as unknown as ModuleInternals;

const pending: { script: vm.Script; cacheFile: string }[] = [];
let exitHook = false;

/** The default place for a file's code cache: the OS temp folder, keyed by path, size, mtime and Node. */
export function tempCodeCacheFile(file: string): string {
  const st = statSync(file);
  const key = createHash("sha1").update(`${file}\0${st.size}\0${st.mtimeMs}\0${process.version}\0${process.arch}`).digest("hex");
  return join(require("node:os").tmpdir(), "gluepy-code-cache", `${key}.bin`);
}

/** `require(file)` with V8's code cache in `cacheFile`; a file already required is returned as is. */
export function requireWithCodeCache(file: string, cacheFile: string): unknown {
  const loaded = internals._cache[file];
  if (loaded) return loaded.exports;
  const source = readFileSync(file, "utf8");
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(internals.wrap(source), {
    filename: file,
    cachedData,
  });
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = internals._nodeModulePaths(dirname(file));
  internals._cache[file] = mod;
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  } catch (error) {
    delete internals._cache[file];
    throw error;
  }
  mod.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) saveAtExit(script, cacheFile);
  return mod.exports;
}

function saveAtExit(script: vm.Script, cacheFile: string): void {
  pending.push({ script, cacheFile });
  if (exitHook) return;
  exitHook = true;
  process.once("exit", () => {
    for (const { script: s, cacheFile: f } of pending) {
      try {
        mkdirSync(dirname(f), { recursive: true });
        const tmp = `${f}.${process.pid}.tmp`;
        writeFileSync(tmp, s.createCachedData());
        renameSync(tmp, f);
      } catch {
        // No cache this time; the next start compiles as usual.
      }
    }
  });
}
