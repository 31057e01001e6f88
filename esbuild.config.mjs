// Bundles the four parts: runtime (library + CLI), language server, extension client, graph webview.
// `node esbuild.config.mjs [--watch] [--minify]`
import * as esbuild from "esbuild";
import { existsSync } from "node:fs";

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

/** Each part lists its entry points; a part whose entries do not exist yet is skipped. */
const parts = [
  {
    name: "runtime",
    options: {
      ...node,
      entryPoints: { "runtime/gluepy": "runtime/src/index.ts", "runtime/cli": "runtime/src/cli/main.ts" },
      // The CLI and user code must share one instance of the library: the CLI requires it at run time.
      plugins: [shareRuntimeInstance()],
    },
  },
  { name: "server", options: { ...node, entryPoints: { "server/server": "server/src/main.ts" } } },
  { name: "client", options: { ...node, entryPoints: { "client/extension": "client/src/main.ts" } } },
  {
    name: "webview",
    options: {
      bundle: true,
      platform: "browser",
      format: "iife",
      target: "es2022",
      sourcemap: "linked",
      minify,
      logLevel: "warning",
      entryPoints: { "media/graph": "media/src/main.ts", "media/layout-worker": "media/src/layout-worker.ts" },
    },
  },
];

/** In the CLI bundle, imports of the library entry resolve to the separately bundled dist/runtime/gluepy.js. */
function shareRuntimeInstance() {
  return {
    name: "share-runtime-instance",
    setup(build) {
      build.onResolve({ filter: /^gluepy$/ }, () => ({ path: "./gluepy.js", external: true }));
    },
  };
}

const contexts = [];
for (const part of parts) {
  const entries = Object.values(part.options.entryPoints).filter((e) => existsSync(e));
  if (entries.length === 0) continue;
  const entryPoints = Object.fromEntries(Object.entries(part.options.entryPoints).filter(([, e]) => existsSync(e)));
  const options = { ...part.options, entryPoints, outdir: "dist" };
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
    contexts.push(ctx);
  } else {
    await esbuild.build(options);
  }
}
if (watch) console.log("esbuild: watching");
