// Declarations of the public `gluepy` API for projects that have neither the runtime's sources nor
// node_modules (the packaged extension ships dist/ only): dist/types/gluepy (emitted by tsc from
// runtime/src/index.ts and what it reaches) and Node's own types beside them (tasks use Buffer, console).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const ENTRY_TYPES = "dist/types/gluepy/runtime/src/index.d.ts";

export function buildTypes() {
  if (!upToDate()) {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.types.json"], { stdio: "inherit" });
  }
  for (const pkg of ["@types/node", "undici-types"]) {
    const from = dirname(require.resolve(`${pkg}/package.json`));
    const to = join("dist/types", pkg.replace("@types/", ""));
    if (!existsSync(to)) cpSync(from, to, { recursive: true, filter: (p) => !p.endsWith(".md") });
  }
}

/** tsc takes seconds even with nothing to do: skip it when no source is newer than the emitted entry. */
function upToDate() {
  if (!existsSync(ENTRY_TYPES)) return false;
  const built = statSync(ENTRY_TYPES).mtimeMs;
  const sources = ["runtime/src", "shared"].flatMap((dir) =>
    readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".ts")).map((f) => join(dir, String(f))),
  );
  return sources.every((f) => statSync(f).mtimeMs <= built);
}
