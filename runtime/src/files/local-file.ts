// A storage file as a path on this machine's disk, for a library that reads files by path (polars' lazy
// scans read only the parts they need): local storage's own file, else a temporary download of it.

import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Storage, StorageNotFoundError } from "./storages/base";
import { LocalStorage } from "./storages/local";

/**
 * Calls `use` with a local path holding `file` (root-relative). A path that escapes the storage root
 * (lexically, or through a symlink) is refused by the storage, before anything is read.
 */
export async function withLocalFile<T>(storage: Storage, file: string, use: (localPath: string) => Promise<T> | T): Promise<T> {
  if (storage instanceof LocalStorage) {
    if (!(await storage.isfile(file))) throw new StorageNotFoundError(file, storage.abspath(file));
    return use(storage.abspath(file));
  }
  const bytes = await storage.open(file);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "gluepy-file-"));
  try {
    // The file's own name, so a reader that looks at the extension sees the same one.
    const local = path.join(dir, path.posix.basename(file) || "file");
    await fs.writeFile(local, bytes);
    return await use(local);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
