// Run ids and run folders: `runs/YYYY/MM/DD/<runId>` under the storage root (UTC, zero padded), and a
// run folder argument (`--retry`, `--compare`) turned back into one.

import { randomBytes } from "node:crypto";
import path from "node:path";
import { isRunFolder } from "../../../shared/run-folder-layout";
import { UsageError } from "./errors";

/**
 * A unique id that sorts by start time: `20261125T143000Z-1f4a2c`. The suffix opens with the
 * milliseconds (3 hex digits), so runs started within the same second still list newest first.
 */
export function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const ms = now.getUTCMilliseconds().toString(16).padStart(3, "0");
  return `${stamp}-${ms}${randomBytes(2).toString("hex").slice(0, 3)}`;
}

export { runFolderFor } from "../../../shared/run-folder-layout";

/**
 * The root-relative run folder a command line argument names (`flag` is `--retry` or `--compare`, for
 * the message): an absolute path, a path relative to the storage root (`runs/...`), or one relative to
 * `cwd` (e.g. `examples/forecast/data/runs/...` from the repository root). It must lie in `runs/` under
 * the storage root.
 */
export function runFolderArg(flag: string, arg: string, storageRoot: string, cwd: string): string {
  const candidates = path.isAbsolute(arg) ? [arg] : [path.resolve(storageRoot, arg), path.resolve(cwd, arg)];
  for (const abs of candidates) {
    const rel = path.relative(storageRoot, abs).split(path.sep).join("/");
    if (isRunFolder(rel)) return rel;
  }
  throw new UsageError(
    `${flag} '${arg}' is not a run folder: expected runs/YYYY/MM/DD/<runId> under the storage root ${storageRoot}, ` +
      "given from there, from the current directory or as an absolute path. `gluepy runs` lists them.",
  );
}
