// Builds dist/server/server.js when it is missing or older than the server's sources, so the
// over-the-wire suites always speak to the code under test. Cheap when the bundle is fresh.

import * as esbuild from "esbuild";
import { existsSync, readdirSync, renameSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "../../..");
export const SERVER_BUNDLE = join(REPO_ROOT, "dist/server/server.js");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/**
 * Rebuilds the server bundle if any file under server/src or shared/ is newer than it.
 * GLUEPY_SERVER_BUNDLE=path runs the suites against another bundle (e.g. a deliberately broken one,
 * to check that a suite fails).
 */
export async function ensureServerBuilt(): Promise<string> {
  if (process.env.GLUEPY_SERVER_BUNDLE) return resolve(process.env.GLUEPY_SERVER_BUNDLE);
  const sources = Math.max(newestMtime(join(REPO_ROOT, "server/src")), newestMtime(join(REPO_ROOT, "shared")));
  if (existsSync(SERVER_BUNDLE) && statSync(SERVER_BUNDLE).mtimeMs >= sources) return SERVER_BUNDLE;
  // Same options as esbuild.config.mjs's server part; written via rename so a concurrent
  // suite never loads a half-written bundle.
  const result = await esbuild.build({
    entryPoints: [join(REPO_ROOT, "server/src/main.ts")],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    sourcemap: "linked",
    logLevel: "warning",
    external: ["nodejs-polars", "nodejs-polars-*", "esbuild", "vscode", "msgpackr-extract"],
    write: false,
  });
  mkdirSync(dirname(SERVER_BUNDLE), { recursive: true });
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
  return SERVER_BUNDLE;
}
