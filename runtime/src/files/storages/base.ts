// The storage contract (Gluepy's BaseStorage, complete): every backend implements all of it, and one
// conformance suite (runtime/test/storage-conformance.ts) runs against each.
// Paths are relative to the storage root ("runs/2026/11/25/<id>/x.csv"); a path that escapes the root
// is refused with a StoragePathError.

import type { Readable } from "node:stream";

export type StorageContent = string | Uint8Array | Readable;

export interface Storage {
  /** Writes a file, creating parent folders; replaces an existing file. */
  touch(path: string, content: StorageContent): Promise<void>;
  /** A file's whole content. Rejects with a not-found error for a missing file. */
  open(path: string): Promise<Buffer>;
  /** Removes a file, or a folder and everything in it. */
  rm(path: string): Promise<void>;
  cp(src: string, dest: string): Promise<void>;
  /** The files and the folders directly inside `path`, each list sorted by name. */
  ls(path: string): Promise<{ files: string[]; dirs: string[] }>;
  mkdir(path: string): Promise<void>;
  isdir(path: string): Promise<boolean>;
  isfile(path: string): Promise<boolean>;
  exists(path: string): Promise<boolean>;
  /** `path` inside the current run folder, as a root-relative path. */
  runpath(path: string): string;
  /** Where `path` really is (an absolute file path for local storage, a URI for others). */
  abspath(path: string): string;
}

export class StoragePathError extends Error {
  constructor(readonly path: string) {
    super(`Path '${path}' escapes the storage root; use a path inside it.`);
    this.name = "StoragePathError";
  }
}

/** A missing file or folder; `code` is "ENOENT" as for a missing local file, so callers treat every backend alike. */
export class StorageNotFoundError extends Error {
  readonly code = "ENOENT";
  constructor(
    readonly path: string,
    where: string,
  ) {
    super(`No such file or folder in storage: '${path}' (${where}).`);
    this.name = "StorageNotFoundError";
  }
}
