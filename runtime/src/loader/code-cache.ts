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
    wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  } catch (error) {
    delete internals._cache[file];
    throw error;
  }
  mod.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) saveAtExit(script, cacheFile);
  return mod.exports;
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
