// The extension packaged as a user gets it (`vsce package`, honouring .vscodeignore), once per test process:
// installing this file proves the .vsix works with nothing else installed.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REPO } from "./code-server";

let packaged: string | undefined;

/** Packages dist/ as built (npm test builds it first); about 20 s. */
export function packagedVsix(): string {
  if (packaged && existsSync(packaged)) return packaged;
  for (const bundle of ["client/extension.js", "server/server.js", "runtime/cli.js", "runtime/gluepy.js", "media/graph.js", "client/layout-thread.js"])
    if (!existsSync(path.join(REPO, "dist", bundle))) throw new Error(`dist/${bundle} is missing: run "npm run build" first.`);
  const out = path.join(mkdtempSync(path.join(tmpdir(), "gluepy-e2e-vsix-")), "gluepy.vsix");
  const vsce = path.join(REPO, "node_modules", ".bin", "vsce");
  const r = spawnSync(vsce, ["package", "--skip-license", "--allow-missing-repository", "--out", out], { cwd: REPO, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`vsce package failed:\n${r.stdout}${r.stderr}`);
  packaged = out;
  return out;
}
