// A copy of the example project in a temp folder, so a test can edit and run it freely.

import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { listRunFolders } from "../../../runtime/src/files/run-folders";
import type { RunSummary } from "../../../shared/run-summary";
import { REPO } from "./code-server";

export interface ProjectCopy {
  dir: string;
  remove(): void;
}

export function copyExample(name = "forecast"): ProjectCopy {
  const root = mkdtempSync(path.join(tmpdir(), "gluepy-e2e-ws-"));
  const dir = path.join(root, name);
  const source = path.join(REPO, "examples", name);
  cpSync(source, dir, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(source, src);
      // Data is what runs of the example in this checkout made (its input is generated on first run): never part of a copy.
      return !rel.startsWith("node_modules") && rel !== "data" && !rel.startsWith("data" + path.sep) && !rel.startsWith(".gluepy");
    },
  });
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The project's runs as `gluepy runs` reads them (the runtime's own module), newest first. */
export async function runsOf(dir: string, storageRoot = "data"): Promise<RunSummary[]> {
  return (await listRunFolders({ storage: { backend: "local" }, storageRoot: path.resolve(dir, storageRoot) })).runs;
}
