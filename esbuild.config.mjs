// Bundles the four parts: runtime (library + CLI), language server, extension client, graph webview.
// `node esbuild.config.mjs [--watch] [--minify]`
import * as esbuild from "esbuild";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { buildTypes } from "./scripts/build-types.mjs";

const watch = process.argv.includes("--watch");
const minify = process.argv.includes("--minify");

const node = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "linked",
  minify,
  logLevel: "warning",
  // Native or self-locating packages stay in node_modules and are required at run time.
  external: ["nodejs-polars", "nodejs-polars-*", "esbuild", "vscode", "msgpackr-extract"],
};

/** Package → its bundle in dist/runtime/vendor/ (ioredis apart, so BullMQ and our code share one copy; nunjucks is only for `gluepy airflow`;
 * acorn only reads the modules a project changed, and every start would otherwise read its 0.2 MB). */
const VENDOR = { "@aws-sdk/client-s3": "aws-s3.js", bullmq: "bullmq.js", ioredis: "ioredis.js", nunjucks: "nunjucks.js", acorn: "acorn.js" };

/** The webviews' bundles (the graph, its layout worker, the Experiments page, the table preview); exported so the page tests build exactly what the panel loads. */
export const webviewOptions = {
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "es2022",
  sourcemap: "linked",
  minify,
  logLevel: "warning",
  entryPoints: { "media/graph": "media/src/main.ts", "media/layout-worker": "media/src/layout/elk-worker.ts", "media/experiments": "media/src/experiments/main.ts", "media/table": "media/src/table/main.ts" },
};

/** The graph layout thread: a bundle of its own, the extension host starts it as a worker thread; exported
 * so the tests and the graph benchmark run exactly what the extension starts. */
export const layoutThreadOptions = { ...node, entryPoints: { "client/layout-thread": "client/src/layout/thread.ts" } };

/** The language server's bundle; exported so the server tests build exactly what the extension starts. */
export const serverOptions = { ...node, entryPoints: { "server/server": "server/src/main.ts" } };

/** Each part lists its entry points; a missing one fails the build (a renamed file must not drop a bundle). */
const parts = [
  {
    name: "runtime",
    options: {
      ...node,
      // cli.js is a small launcher that loads gluepy.js and cli-main.js through V8's code cache.
      entryPoints: { "runtime/gluepy": "runtime/src/index.ts", "runtime/cli": "runtime/src/cli/launcher.ts", "runtime/cli-main": "runtime/src/cli/main.ts" },
      // The CLI and user code must share one instance of the library: the CLI requires it at run time.
      plugins: [shareRuntimeInstance(), vendorBundles(), lazyChildProcessForCommander()],
      // The CLI loads gluepy.js through V8's code cache (runtime/src/loader/code-cache.ts), where Node 20
      // cannot run a real import(): external packages are required instead.
      supported: { "dynamic-import": false },
      // The esbuild the bundles require (external, pinned in the package): its version keys the project caches.
      define: { GLUEPY_BUNDLED_ESBUILD_VERSION: JSON.stringify(esbuild.version) },
    },
  },
  // Heavy third-party clients (S3, BullMQ/Redis) in bundles of their own, required only when a project
  // uses them, so `gluepy dag` does not parse megabytes it never runs.
  ...Object.entries(VENDOR).map(([pkg, file]) => ({
    name: `runtime vendor ${pkg}`,
    options: {
      ...node,
      // A CommonJS pass-through keeps the package's exact export shape (ioredis exports its class itself).
      stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: ".", loader: "js" },
      outfile: `dist/runtime/vendor/${file}`,
      plugins: [vendorBundles(pkg)],
    },
  })),
  { name: "server", options: serverOptions },
  { name: "client", options: { ...node, entryPoints: { "client/extension": "client/src/main.ts" } } },
  { name: "client layout thread", options: layoutThreadOptions },
  { name: "webview", options: webviewOptions },
];

/** Imports of a vendored package resolve to its bundle beside the importing one, at run time. */
function vendorBundles(self) {
  const filter = new RegExp(`^(${Object.keys(VENDOR).map((p) => p.replace(/[/.]/g, "\\$&")).join("|")})$`);
  return {
    name: "vendor-bundles",
    setup(build) {
      build.onResolve({ filter }, (args) => {
        if (args.path === self) return undefined;
        const prefix = self ? "./" : "./vendor/";
        return { path: prefix + VENDOR[args.path], external: true };
      });
    },
  };
}

/**
 * commander requires node:child_process (and with it net, dgram and streams) when it loads, only to start
 * executable subcommands, which gluepy has none of: in the runtime bundles it gets a stand-in that requires
 * the module on first use, so no start of the CLI pays ~3 ms for it.
 */
function lazyChildProcessForCommander() {
  return {
    name: "lazy-child-process-for-commander",
    setup(build) {
      build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
        /[/\\]node_modules[/\\]commander[/\\]/.test(args.importer) ? { path: "child_process", namespace: "lazy-builtin" } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
        contents: `module.exports = new Proxy({}, { get: (_, key) => require("node:${args.path}")[key] });`,
        loader: "js",
      }));
    },
  };
}

/** In the CLI bundle, imports of the library entry resolve to the separately bundled dist/runtime/gluepy.js. */
function shareRuntimeInstance() {
  return {
    name: "share-runtime-instance",
    setup(build) {
      build.onResolve({ filter: /^gluepy$/ }, () => ({ path: "./gluepy.js", external: true }));
    },
  };
}

// Build only when run as a script (`node esbuild.config.mjs`), not when a test imports the options.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await buildAll();

async function buildAll() {
  const missing = parts.flatMap((part) => Object.values(part.options.entryPoints ?? {}).filter((e) => !existsSync(e)).map((e) => `${e} (${part.name})`));
  if (missing.length > 0) {
    console.error(`esbuild.config.mjs: entry point${missing.length > 1 ? "s" : ""} not found: ${missing.join(", ")}. Fix the path in esbuild.config.mjs.`);
    process.exit(2);
  }
  const contexts = [];
  for (const part of parts) {
    let options = part.options;
    if (options.entryPoints) options = { ...options, outdir: "dist" };
    if (watch) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
      contexts.push(ctx);
    } else {
      // Each file lands by rename: a test or an extension host running dist/ during a rebuild never loads a half-written bundle.
      const { outputFiles } = await esbuild.build({ ...options, write: false });
      for (const file of outputFiles) writeWhole(file.path, file.contents);
    }
  }
  if (watch) console.log("esbuild: watching");
  // Declarations of the `gluepy` API, the types of the `gluepy` npm package (dist/types).
  else buildTypes();
}

function writeWhole(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}
