// Declarations of the public `gluepy` API: dist/types/gluepy (emitted by tsc from runtime/src/index.ts and
// what it reaches), which the `gluepy` npm package ships as its types (scripts/package-runtime.mjs).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ENTRY_TYPES = "dist/types/gluepy/runtime/src/index.d.ts";

export function buildTypes() {
  // `tsc -b` does nothing when no input changed since its build info (.cache/tsc/types.tsbuildinfo); it does
  // not look at the outputs, so a removed dist/ needs --force.
  const force = existsSync(ENTRY_TYPES) ? [] : ["--force"];
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-b", "tsconfig.types.json", ...force], { stdio: "inherit" });
}
