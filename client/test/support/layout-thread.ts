// The layout thread's bundle (dist/client/layout-thread.js), built once per test process with
// esbuild.config.mjs's own options into a temporary folder: tests run what the extension starts, fresh.

import * as esbuild from "esbuild";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..", "..");
let built: Promise<string> | undefined;

/** The path of the built layout-thread.js. */
export function builtLayoutThread(): Promise<string> {
  built ??= build();
  return built;
}

async function build(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "gluepy-layout-thread-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const { layoutThreadOptions } = await import("../../../esbuild.config.mjs");
  await esbuild.build({ ...layoutThreadOptions, absWorkingDir: ROOT, outdir: dir, sourcemap: false });
  return join(dir, "client", "layout-thread.js");
}
