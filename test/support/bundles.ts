// esbuild.config.mjs's own bundles, built once per test process into a temporary folder that goes when the
// process exits: the tests run exactly what the extension loads, fresh from the sources.

import * as esbuild from "esbuild";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const REPO = join(__dirname, "..", "..");
const builds = new Map<string, Promise<string>>();

/** The folder holding the bundles of esbuild.config.mjs's `which` options, under their dist/ names
 * (`client/layout-thread.js`, `media/graph.js`, ...). */
export function bundledOnce(which: "webviewOptions" | "layoutThreadOptions", overrides: esbuild.BuildOptions = {}): Promise<string> {
  let built = builds.get(which);
  if (!built) builds.set(which, (built = build(which, overrides)));
  return built;
}

async function build(which: "webviewOptions" | "layoutThreadOptions", overrides: esbuild.BuildOptions): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "gluepy-bundles-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const config = await import("../../esbuild.config.mjs");
  await esbuild.build({ ...config[which], ...overrides, absWorkingDir: REPO, outdir: dir });
  return dir;
}
