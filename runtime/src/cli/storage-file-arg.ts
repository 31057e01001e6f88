// A command line argument naming a file in the project's storage (`gluepy preview <file>`) turned into
// root-relative paths to try: given from the storage root (`runs/.../x.parquet`, as state.json and
// `gluepy runs` name them), or, on local storage, as a path on this machine (absolute, or from the
// current directory: `data/runs/.../x.parquet` in the project). Nothing outside the storage root.

import path from "node:path";
import { StoragePathError } from "../files/storages/base";
import { normalizeStoragePath } from "../files/storages/paths";

/** The root-relative paths `arg` may name, most likely first; refuses one that can only lie outside the root. */
export function storageFileCandidates(arg: string, storageRoot: string, cwd: string, localStorage: boolean): string[] {
  const candidates: string[] = [];
  if (path.isAbsolute(arg)) {
    if (!localStorage) throw new StoragePathError(arg);
    candidates.push(insideRoot(path.resolve(arg), storageRoot) ?? failOutside(arg));
    return candidates;
  }
  const fromRoot = tryNormalize(arg);
  if (fromRoot !== undefined) candidates.push(fromRoot);
  const fromCwd = localStorage ? insideRoot(path.resolve(cwd, arg), storageRoot) : undefined;
  if (fromCwd !== undefined && fromCwd !== fromRoot) candidates.push(fromCwd);
  if (candidates.length === 0) throw new StoragePathError(arg);
  return candidates;
}

function insideRoot(abs: string, storageRoot: string): string | undefined {
  const rel = path.relative(path.resolve(storageRoot), abs);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join("/");
}

function tryNormalize(arg: string): string | undefined {
  try {
    return normalizeStoragePath(arg);
  } catch {
    return undefined;
  }
}

function failOutside(arg: string): never {
  throw new StoragePathError(arg);
}
