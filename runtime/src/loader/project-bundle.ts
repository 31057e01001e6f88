// The modules a command needs, compiled into ONE cached file: a warm start then reads and compiles a
// single file instead of resolving, reading and compiling a hundred (Node's per-module cost alone is
// more than the whole start-up budget). The cache is keyed by the content of every input esbuild read
// (sha1) and the esbuild version; an edit of any of them rebuilds it. Source maps keep stack traces
// on the user's .ts lines; packages stay external (resolved at run time from the project's node_modules),
// `import "gluepy"` is the running runtime.
//
// The bundle's format is the one Node would run the project in: CommonJS, compiled through V8's code
// cache; or an ES module (loaded with a real `import()`, so top-level await works; Node 20 has no code
// cache for those) when the project's package.json says "type": "module", or when a CommonJS project's
// module uses top-level await (Node's own syntax detection does the same).

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { BuildOptions, Plugin } from "esbuild";
import { requireWithCodeCache } from "./code-cache";
import { esbuild, esbuildVersion, toLoadError } from "./esbuild-service";
import { runtimeEntry } from "./require-hook";

/** Bump when the build options change. */
const OPTIONS_VERSION = "5";

export type ModuleFormat = "cjs" | "esm";

export interface BundledModule {
  file: string;
  /** Evaluates the module (once; later calls return the same exports). An ES module bundle has run them all on load. */
  load(): Record<string, unknown>;
}

export interface ProjectBundle {
  /** The entry modules, in the order given. */
  modules: BundledModule[];
  /** Source text of every project input, by absolute path (class positions are read from it). */
  sources: Map<string, string>;
  format: ModuleFormat;
}

interface Manifest {
  bundle: string;
  bundleHash: string;
  format: ModuleFormat;
  /** Absolute input path → sha1 of its content. */
  inputs: Record<string, string>;
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** Where user code finds the running runtime (`import "gluepy"` in a bundle reads it). */
const RUNTIME_GLOBAL = "gluepy.runtime";

/**
 * The bundle of `files` (and what they import): from the cache when every input is unchanged, else built.
 * Nothing runs. Leaves esbuild running when it built (the caller stops it once it is done with it).
 */
export async function compileProjectBundle(projectDir: string, files: string[], cacheDir: string): Promise<CompiledBundle> {
  const salt = `${esbuildVersion()}:${OPTIONS_VERSION}:${process.versions.node.split(".")[0]}`;
  const manifestFile = join(cacheDir, `project-${sha1(salt + "\0" + files.join("\0"))}.json`);
  return readValidBundle(manifestFile, cacheDir) ?? (await buildBundle(projectDir, files, cacheDir, manifestFile));
}

/**
 * Runs a compiled bundle: its entry modules come back in the order they were given. Only these modules and
 * what they import run: a module of the project that none of them imports is never executed.
 */
export async function runProjectBundle(built: CompiledBundle): Promise<ProjectBundle> {
  exposeRuntime();
  const entries = (built.format === "esm" ? await importBundle(built) : requireBundle(built)) as [string, () => Record<string, unknown>][];
  return { modules: entries.map(([file, load]) => ({ file, load })), sources: built.sources, format: built.format };
}

export interface CompiledBundle {
  bundleFile: string;
  format: ModuleFormat;
  sources: Map<string, string>;
  /** The code, when it could not be written (a read-only project): compiled from memory. */
  unsaved?: string;
}

function exposeRuntime(): void {
  const key = Symbol.for(RUNTIME_GLOBAL);
  const global = globalThis as Record<symbol, unknown>;
  global[key] ??= Module.createRequire(__filename)(runtimeEntry());
}

/** Compiled with V8's code cache (code-cache.ts, beside the bundle), its source map registered first. */
function requireBundle(bundle: CompiledBundle): unknown {
  if (bundle.unsaved !== undefined) return compileInMemory(bundle.bundleFile, bundle.unsaved);
  registerSourceMap(bundle.bundleFile);
  return requireWithCodeCache(bundle.bundleFile, `${bundle.bundleFile}.v8`);
}

/** Modules that hold registered source maps: Node forgets a map when its module is collected. */
const sourceMapHolders: Module[] = [];

/**
 * Makes Node map stack traces through `file`'s source map though the file is compiled by V8 (code cache),
 * not by Node's loader (which is what registers maps): a stub module of that name whose only line is the
 * map's URL registers it, and frames in the bundle then show the user's .ts lines.
 */
function registerSourceMap(file: string): void {
  const stub = new Module(file) as Module & { _compile(code: string, filename: string): void };
  stub.filename = file;
  stub._compile(`//# sourceMappingURL=${basename(file)}.map\n`, file);
  sourceMapHolders.push(stub);
}

async function importBundle(bundle: CompiledBundle): Promise<unknown> {
  const url = bundle.unsaved === undefined ? pathToFileURL(bundle.bundleFile).href : `data:text/javascript;base64,${Buffer.from(bundle.unsaved).toString("base64")}`;
  return ((await realImport(bundle.bundleFile)(url)) as { default: unknown }).default;
}

/**
 * A real `import()`: the runtime's own bundles are compiled through V8's code cache, where Node 20 turns
 * `import()` into an error; a function compiled by Node's CommonJS loader gets Node's default ESM loader.
 */
function realImport(referrer: string): (url: string) => Promise<unknown> {
  return compileInMemory(referrer, "module.exports = (url) => import(url);") as (url: string) => Promise<unknown>;
}

/** Loads code as if it were `file` (packages resolve from there, source maps apply) without the file. */
function compileInMemory(file: string, code: string): unknown {
  const mod = new Module(file) as Module & { _compile(code: string, filename: string): void };
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  mod._compile(code, file);
  return mod.exports;
}

/** The cached bundle when its manifest, its file and every input still match; else undefined. */
function readValidBundle(manifestFile: string, cacheDir: string): CompiledBundle | undefined {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
    const sources = new Map<string, string>();
    for (const [path, hash] of Object.entries(manifest.inputs)) {
      const text = readFileSync(path, "utf8");
      if (sha1(text) !== hash) return undefined;
      sources.set(path, text);
    }
    const bundleFile = join(cacheDir, manifest.bundle);
    if (sha1(readFileSync(bundleFile, "utf8")) !== manifest.bundleHash || !existsSync(`${bundleFile}.map`)) return undefined;
    return { bundleFile, sources, format: manifest.format };
  } catch {
    return undefined;
  }
}

/** "module" when the nearest package.json above the project says so (how Node reads its .ts/.js files). */
function packageFormat(projectDir: string): ModuleFormat {
  for (let dir = projectDir; ; dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { type?: string }).type === "module" ? "esm" : "cjs";
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") return "cjs";
    }
    if (dirname(dir) === dir) return "cjs";
  }
}

async function buildBundle(projectDir: string, files: string[], cacheDir: string, manifestFile: string): Promise<CompiledBundle> {
  let format = packageFormat(projectDir);
  let result;
  let sources = new Map<string, string>();
  try {
    try {
      result = await esbuild().build(buildOptions(projectDir, files, cacheDir, format, sources));
    } catch (error) {
      if (format === "esm" || !usesTopLevelAwait(error)) throw error;
      format = "esm";
      sources = new Map();
      result = await esbuild().build(buildOptions(projectDir, files, cacheDir, format, sources));
    }
  } catch (error) {
    throw toLoadError(error, files[0] ?? projectDir, projectDir);
  }
  const js = result.outputFiles.find((f) => !f.path.endsWith(".map"))!.text;
  const map = result.outputFiles.find((f) => f.path.endsWith(".map"))!.text;
  const inputs: Record<string, string> = {};
  for (const [path, text] of sources) inputs[path] = sha1(text);
  // .cjs/.mjs: the format stays what it is whatever the project's package.json says.
  const bundle = `project-${sha1(js)}.${format === "esm" ? "mjs" : "cjs"}`;
  const code = `${js}//# sourceMappingURL=${bundle}.map\n`;
  const manifest: Manifest = { bundle, bundleHash: sha1(code), format, inputs };
  const bundleFile = join(cacheDir, bundle);
  try {
    writeAtomic(`${bundleFile}.map`, map);
    writeAtomic(bundleFile, code);
    const previous = readPreviousBundle(manifestFile);
    writeAtomic(manifestFile, JSON.stringify(manifest));
    if (previous && previous !== bundle) for (const f of [previous, `${previous}.map`, `${previous}.v8`]) rmSync(join(cacheDir, f), { force: true });
  } catch {
    const inline = `${js}//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString("base64")}\n`;
    return { bundleFile, sources, format, unsaved: inline };
  }
  return { bundleFile, sources, format };
}

function usesTopLevelAwait(error: unknown): boolean {
  return ((error as { errors?: { text: string }[] }).errors ?? []).some((e) => /top-level await/i.test(e.text));
}

function buildOptions(projectDir: string, files: string[], cacheDir: string, format: ModuleFormat, sources: Map<string, string>): BuildOptions & { write: false } {
  const specs = files.map((f) => JSON.stringify(f));
  // The entry lists each module with a function giving its exports, in the order given.
  const entry =
    format === "esm"
      ? `${specs.map((s, i) => `import * as m${i} from ${s};`).join("\n")}\nexport default [\n${specs.map((s, i) => `  [${s}, () => m${i}],`).join("\n")}\n];\n`
      : `module.exports = [\n${specs.map((s) => `  [${s}, () => require(${s})],`).join("\n")}\n];\n`;
  return {
    stdin: { contents: entry, resolveDir: projectDir, sourcefile: "gluepy-project-entry.js", loader: "js" },
    absWorkingDir: projectDir,
    bundle: true,
    write: false,
    format,
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    packages: "external",
    sourcemap: "external",
    // Few lines: Node splits a module with a source map into lines at every start (the map gives
    // stack traces the user's lines anyway). Names stay: class names are task and DAG identities, and
    // keepNames gives each class the name Node would (`export default class extends Task` is "default").
    minifyWhitespace: true,
    keepNames: true,
    sourcesContent: false,
    outfile: join(cacheDir, format === "esm" ? "project.mjs" : "project.cjs"),
    logLevel: "silent",
    // An ES module bundle has no `require` of its own; CommonJS code inside it (and esbuild's helpers) need one.
    banner: format === "esm" ? { js: `import { createRequire as __gluepyCreateRequire } from "node:module"; const require = __gluepyCreateRequire(${JSON.stringify(join(projectDir, "package.json"))});` } : undefined,
    // Bound per module by projectSources (a bundle has one require and no import.meta of its own).
    define: { "require.resolve": MODULE_RESOLVE, "import.meta": MODULE_META },
    plugins: [runningRuntime(), projectSources(sources)],
  };
}

function readPreviousBundle(manifestFile: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest).bundle;
  } catch {
    return undefined;
  }
}

function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** `import "gluepy"` is the runtime that runs the bundle (one instance: the registry's Task and DAG are the user's). */
function runningRuntime(): Plugin {
  return {
    name: "gluepy-running-runtime",
    setup(build) {
      build.onResolve({ filter: /^gluepy$/ }, () => ({ path: "gluepy", namespace: "gluepy-runtime" }));
      build.onLoad({ filter: /.*/, namespace: "gluepy-runtime" }, () => ({
        contents: `module.exports = globalThis[Symbol.for(${JSON.stringify(RUNTIME_GLOBAL)})];`,
        loader: "js",
      }));
    },
  };
}

const MODULE_RESOLVE = "__gluepy_module_resolve";
const MODULE_META = "__gluepy_module_meta";

/** The per-module bindings a source file's text may use (a superset: the regexes also match comments). */
function moduleBindings(file: string, text: string): string {
  const bindings: string[] = [];
  if (/\b__filename\b/.test(text)) bindings.push(`__filename = ${JSON.stringify(file)}`);
  if (/\b__dirname\b/.test(text)) bindings.push(`__dirname = ${JSON.stringify(dirname(file))}`);
  if (/\brequire\s*\.\s*resolve\b/.test(text)) bindings.push(`${MODULE_RESOLVE} = require("node:module").createRequire(${JSON.stringify(file)}).resolve`);
  if (/\bimport\s*\.\s*meta\b/.test(text)) {
    const meta = { url: pathToFileURL(file).href, filename: file, dirname: dirname(file) };
    bindings.push(`${MODULE_META} = ${JSON.stringify(meta)}`);
  }
  return bindings.length === 0 ? "" : `const ${bindings.join(", ")}; `;
}

/**
 * Reads every source file esbuild loads (to hash it and find class declarations) and gives each module
 * its own `__filename`, `__dirname`, `require.resolve` and `import.meta`, which bundling would otherwise
 * make the bundle's (in the cache folder). The prefix stays on line 1 so every line number is the user's.
 */
function projectSources(sources: Map<string, string>): Plugin {
  return {
    name: "gluepy-project-sources",
    setup(build) {
      build.onLoad({ filter: /\.(ts|mts|cts|tsx|js|mjs|cjs|jsx|json)$/ }, (args) => {
        if (args.path.includes("/node_modules/")) return undefined;
        const text = readFileSync(args.path, "utf8");
        sources.set(resolve(args.path), text);
        const ext = args.path.slice(args.path.lastIndexOf(".") + 1);
        const loader = ext === "json" ? "json" : ext === "tsx" || ext === "jsx" ? ext : ext.endsWith("ts") ? "ts" : "js";
        return { contents: loader === "json" ? text : moduleBindings(args.path, text) + text, loader };
      });
    },
  };
}
