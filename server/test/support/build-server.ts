// Builds dist/server/server.js from the sources once per test process, with esbuild.config.mjs's own server
// options, so the over-the-wire suites always speak to the code under test (about a second).

import * as esbuild from "esbuild";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "../../..");
export const SERVER_BUNDLE = join(REPO_ROOT, "dist/server/server.js");

let built: Promise<string> | undefined;

/**
 * The server bundle, built on the first call of this process. GLUEPY_SERVER_BUNDLE=path runs the suites
 * against another bundle (e.g. a deliberately broken one, to check that a suite fails).
 */
export function ensureServerBuilt(): Promise<string> {
  if (process.env.GLUEPY_SERVER_BUNDLE) return Promise.resolve(resolve(process.env.GLUEPY_SERVER_BUNDLE));
  built ??= build();
  return built;
}

async function build(): Promise<string> {
  const { serverOptions } = await import("../../../esbuild.config.mjs");
  const result = await esbuild.build({ ...serverOptions, absWorkingDir: REPO_ROOT, outdir: join(REPO_ROOT, "dist"), write: false });
  // Written via rename, so a suite running at the same time never loads a half-written bundle.
  mkdirSync(dirname(SERVER_BUNDLE), { recursive: true });
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
  return SERVER_BUNDLE;
}
