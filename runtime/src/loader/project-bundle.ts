// The project's modules compiled into ONE cached CommonJS file: a warm start then reads and compiles a
// single file instead of resolving, reading and compiling a hundred (Node's per-module cost alone is
// more than the whole start-up budget). The cache is keyed by the content of every input esbuild read
// (sha1) and the esbuild version; an edit anywhere rebuilds it. Inline source maps keep stack traces
// on the user's .ts lines; `gluepy` and packages stay external (resolved at run time: `gluepy` to the
// running runtime, packages from the project's node_modules).

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";
import { esbuild, esbuildVersion, toLoadError } from "./esbuild-service";

/** Bump when the build options change. */
const OPTIONS_VERSION = "4";

export interface BundledModule {
  file: string;
  /** Evaluates the module (once; later calls return the same exports). */
  load(): Record<string, unknown>;
}

export interface ProjectBundle {
  modules: BundledModule[];
  /** Source text of every project input, by absolute path (class positions are read from it). */
  sources: Map<string, string>;
}

interface Manifest {
  bundle: string;
  bundleHash: string;
  /** Absolute input path → sha1 of its content. */
  inputs: Record<string, string>;
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

export async function loadProjectBundle(projectDir: string, files: string[], cacheDir: string): Promise<ProjectBundle> {
  const salt = `${esbuildVersion()}:${OPTIONS_VERSION}:${process.versions.node.split(".")[0]}`;
  const manifestFile = join(cacheDir, `project-${sha1(salt + "\0" + files.join("\0"))}.json`);
  const cached = readValidBundle(manifestFile, cacheDir);
  const built = cached ?? (await buildBundle(projectDir, files, cacheDir, manifestFile));
  const thunks = (built.unsaved === undefined ? require(built.bundleFile) : compileInMemory(built.bundleFile, built.unsaved)) as [
    string,
    () => Record<string, unknown>,
  ][];
  return { modules: thunks.map(([file, load]) => ({ file, load })), sources: built.sources };
}

interface UsableBundle {
  bundleFile: string;
  sources: Map<string, string>;
  /** The code, when it could not be written (a read-only project): compiled from memory. */
  unsaved?: string;
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
function readValidBundle(manifestFile: string, cacheDir: string): UsableBundle | undefined {
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
    return { bundleFile, sources };
  } catch {
    return undefined;
  }
}

async function buildBundle(projectDir: string, files: string[], cacheDir: string, manifestFile: string): Promise<UsableBundle> {
  const sources = new Map<string, string>();
  const entry = `module.exports = [\n${files.map((f) => `  [${JSON.stringify(f)}, () => require(${JSON.stringify(f)})],`).join("\n")}\n];\n`;
  let result;
  try {
    result = await esbuild().build({
      stdin: { contents: entry, resolveDir: projectDir, sourcefile: "gluepy-project-entry.js", loader: "js" },
      absWorkingDir: projectDir,
      bundle: true,
      write: false,
      metafile: true,
      format: "cjs",
      platform: "node",
      target: `node${process.versions.node.split(".")[0]}`,
      packages: "external",
      sourcemap: "external",
      // Few lines: Node splits a module with a source map into lines at every start (the map gives
      // stack traces the user's lines anyway). Names stay: class names are task and DAG identities.
      minifyWhitespace: true,
      sourcesContent: false,
      outfile: join(cacheDir, "project.cjs"),
      logLevel: "silent",
      // Bound per module by projectSources (a bundle has one require and no import.meta of its own).
      define: { "require.resolve": MODULE_RESOLVE, "import.meta": MODULE_META },
      plugins: [runningRuntime(), projectSources(sources)],
    });
  } catch (error) {
    throw toLoadError(error, files[0] ?? projectDir, projectDir);
  }
  const js = result.outputFiles.find((f) => !f.path.endsWith(".map"))!.text;
  const map = result.outputFiles.find((f) => f.path.endsWith(".map"))!.text;
  const inputs: Record<string, string> = {};
  for (const [path, text] of sources) inputs[path] = sha1(text);
  // .cjs: CommonJS even in a project whose package.json says "type": "module".
  const bundle = `project-${sha1(js)}.cjs`;
  const code = `${js}//# sourceMappingURL=${bundle}.map\n`;
  const manifest: Manifest = { bundle, bundleHash: sha1(code), inputs };
  const bundleFile = join(cacheDir, bundle);
  try {
    writeAtomic(`${bundleFile}.map`, map);
    writeAtomic(bundleFile, code);
    const previous = readPreviousBundle(manifestFile);
    writeAtomic(manifestFile, JSON.stringify(manifest));
    if (previous && previous !== bundle) for (const f of [previous, `${previous}.map`]) rmSync(join(cacheDir, f), { force: true });
  } catch {
    const inline = `${js}//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString("base64")}\n`;
    return { bundleFile, sources, unsaved: inline };
  }
  return { bundleFile, sources };
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

/** `import "gluepy"` stays a run-time require (the loader's resolve hook binds it to the running runtime). */
function runningRuntime(): Plugin {
  return {
    name: "gluepy-running-runtime",
    setup(build) {
      build.onResolve({ filter: /^gluepy$/ }, () => ({ path: "gluepy", external: true }));
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
