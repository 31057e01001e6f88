// The extension packaged as a user gets it: the linux-x64 .vsix `npm run package -- --target linux-x64`
// writes (scripts/package-vsix.mjs), from dist/ as built, once per test process: installing this file
// proves the .vsix works with nothing else installed.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { REPO } from "./code-server";

let packaged: string | undefined;

/** Packages dist/ as built (npm test builds it first) as dist/packages/gluepy-linux-x64-<version>.vsix; about 20 s. */
export function packagedVsix(): string {
  if (packaged && existsSync(packaged)) return packaged;
  for (const bundle of ["client/extension.js", "server/server.js", "runtime/cli.js", "runtime/gluepy.js", "media/graph.js", "client/layout-thread.js"])
    if (!existsSync(path.join(REPO, "dist", bundle))) throw new Error(`dist/${bundle} is missing: run "npm run build" first.`);
  const script = `import(${JSON.stringify(path.join(REPO, "scripts/package-vsix.mjs"))}).then((m) => process.stdout.write(m.packVsix("linux-x64").path))`;
  packaged = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO, encoding: "utf8" });
  return packaged;
}
