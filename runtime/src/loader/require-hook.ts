// Installs the synchronous CommonJS hook that lets Node require the user's TypeScript directly:
// .ts/.mts/.tsx compiled by the transformer, `import "gluepy"` bound to the runtime that is running
// (one instance, so the registries user code fills are the ones the CLI reads), and `./x.js`
// specifiers finding `./x.ts` as TypeScript allows.

import Module from "node:module";
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { TypeScriptTransformer } from "./transform";

type ExtensionHandler = (module: Module & { _compile(code: string, filename: string): void }, filename: string) => void;
type ResolveFilename = (request: string, parent: Module | undefined, isMain: boolean, options?: unknown) => string;
interface ModuleInternals {
  _extensions: Record<string, ExtensionHandler>;
  _resolveFilename: ResolveFilename;
}

const internals = Module as unknown as ModuleInternals;
const TS_EXTENSIONS = [".ts", ".mts", ".tsx"] as const;
const JS_TO_TS: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".mjs": [".mts"], ".jsx": [".tsx"] };

/** The file `import "gluepy"` loads: the bundled library next to the CLI, or the source entry under tsx. */
export function runtimeEntry(): string {
  return __filename.endsWith(".ts") ? join(__dirname, "..", "index.ts") : join(__dirname, "gluepy.js");
}

/** Project folder → the transformer caching into that project's cache folder. */
let roots: Map<string, TypeScriptTransformer> | undefined;

/**
 * Makes `require` load TypeScript under `root`, cached in `cacheDir` (idempotent; a second call adds a
 * root). Files outside every root keep the handler they had (e.g. tsx's, when the runtime itself runs
 * from source).
 */
export function installRequireHook(root: string, cacheDir: string | undefined): void {
  if (roots) {
    if (!roots.has(root)) roots.set(root, new TypeScriptTransformer(cacheDir));
    return;
  }
  process.setSourceMapsEnabled(true);
  const projects = new Map([[root, new TypeScriptTransformer(cacheDir)]]);
  roots = projects;
  const transformerFor = (file: string) => {
    if (file.includes("/node_modules/")) return undefined;
    for (const [dir, transformer] of projects) if (file.startsWith(dir + "/")) return transformer;
    return undefined;
  };

  for (const ext of TS_EXTENSIONS) {
    const previous = internals._extensions[ext];
    internals._extensions[ext] = (module, filename) => {
      const transformer = transformerFor(filename);
      if (!transformer && previous) return previous(module, filename);
      // A file outside every project (GLUEPY_SETTINGS pointing elsewhere) is cached with the first one.
      module._compile((transformer ?? projects.get(root)!).transform(filename), filename);
    };
  }

  const entry = runtimeEntry();
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, isMain, options) {
    if (request === "gluepy") return entry;
    try {
      return resolve.call(this, request, parent, isMain, options);
    } catch (error) {
      const alt = typeScriptTwin(request, parent);
      if (alt) return alt;
      throw error;
    }
  };
}

/** `./tasks.js` written in a .ts file means `./tasks.ts` (TypeScript's own rule). */
function typeScriptTwin(request: string, parent: Module | undefined): string | undefined {
  if (!parent?.filename || !(request.startsWith(".") || isAbsolute(request))) return undefined;
  const dot = request.lastIndexOf(".");
  const twins = JS_TO_TS[request.slice(dot)];
  if (!twins) return undefined;
  const base = isAbsolute(request) ? request : join(dirname(parent.filename), request);
  const stem = base.slice(0, base.length - (request.length - dot));
  return twins.map((ext) => stem + ext).find((f) => existsSync(f));
}
