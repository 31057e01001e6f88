// Declarations of the public `gluepy` API for projects that have neither the runtime's sources nor
// node_modules (the packaged extension ships dist/ only): dist/types/gluepy (emitted by tsc from
// runtime/src/index.ts and what it reaches) and Node's own types beside them (tasks use Buffer, console).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const ENTRY_TYPES = "dist/types/gluepy/runtime/src/index.d.ts";

export function buildTypes() {
  // `tsc -b` does nothing when no input changed since its build info (.cache/tsc/types.tsbuildinfo); it does
  // not look at the outputs, so a removed dist/ needs --force.
  const force = existsSync(ENTRY_TYPES) ? [] : ["--force"];
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-b", "tsconfig.types.json", ...force], { stdio: "inherit" });
  for (const pkg of ["@types/node", "undici-types"]) {
    const from = dirname(require.resolve(`${pkg}/package.json`));
    const to = join("dist/types", pkg.replace("@types/", ""));
    if (!existsSync(to)) cpSync(from, to, { recursive: true, filter: (p) => !p.endsWith(".md") });
  }
}
