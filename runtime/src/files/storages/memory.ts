// In-memory storage (Gluepy's MemoryStorage, without its bug: every read returns the whole file, however
// often it is read). For tests and for runs that need no files afterwards; gone when the process ends.

import { posix } from "node:path";
import { type Storage, type StorageContent, StorageNotFoundError } from "./base";
import { contentToBuffer, normalizeStoragePath, runFolderPath } from "./paths";

export class MemoryStorage implements Storage {
  private readonly files = new Map<string, Buffer>();
  /** Every folder, explicit (mkdir) or implied by a file below it; "" is the root. */
  private readonly dirs = new Set<string>([""]);

  async touch(path: string, content: StorageContent): Promise<void> {
    const rel = this.fileRel(path);
    if (this.dirs.has(rel)) throw new Error(`'${path}' is a folder in storage (${this.abspath(path)}); give a file path.`);
    const bytes = await contentToBuffer(content);
    this.addDir(posix.dirname(rel), path);
    this.files.set(rel, bytes);
  }

  async open(path: string): Promise<Buffer> {
    const rel = normalizeStoragePath(path);
    const bytes = this.files.get(rel);
    if (bytes === undefined) {
      if (this.dirs.has(rel)) throw new Error(`'${path}' is a folder in storage (${this.abspath(path)}); give a file path.`);
      throw new StorageNotFoundError(path, this.abspath(path));
    }
    // A copy: a caller that changes the bytes it got must not change the stored file.
    return Buffer.from(bytes);
  }

  async rm(path: string): Promise<void> {
    const rel = this.fileRel(path);
    this.files.delete(rel);
    this.dirs.delete(rel);
    const prefix = `${rel}/`;
    for (const key of [...this.files.keys()]) if (key.startsWith(prefix)) this.files.delete(key);
    for (const dir of [...this.dirs]) if (dir.startsWith(prefix)) this.dirs.delete(dir);
  }

  async cp(src: string, dest: string): Promise<void> {
    const from = normalizeStoragePath(src);
    const to = this.fileRel(dest);
    const file = this.files.get(from);
    if (file !== undefined) {
      await this.touch(to, file);
      return;
    }
    if (!this.dirs.has(from)) throw new StorageNotFoundError(src, this.abspath(src));
    const prefix = from === "" ? "" : `${from}/`;
    this.addDir(to, dest);
    for (const dir of [...this.dirs]) if (dir.startsWith(prefix) && dir !== from) this.addDir(posix.join(to, dir.slice(prefix.length)), dest);
    for (const [key, bytes] of [...this.files]) if (key.startsWith(prefix)) await this.touch(posix.join(to, key.slice(prefix.length)), bytes);
  }

  async ls(path: string): Promise<{ files: string[]; dirs: string[] }> {
    const rel = normalizeStoragePath(path);
    if (!this.dirs.has(rel)) {
      if (this.files.has(rel)) throw new Error(`'${path}' is not a folder in storage (${this.abspath(path)}): it is a file.`);
      throw new StorageNotFoundError(path, this.abspath(path));
    }
    const isChild = (key: string) => key !== "" && posix.dirname(key) === (rel === "" ? "." : rel);
    const files = [...this.files.keys()].filter(isChild).map((k) => posix.basename(k));
    const dirs = [...this.dirs].filter(isChild).map((k) => posix.basename(k));
    return { files: files.sort(), dirs: dirs.sort() };
  }

  async mkdir(path: string): Promise<void> {
    this.addDir(normalizeStoragePath(path), path);
  }

  async isdir(path: string): Promise<boolean> {
    return this.dirs.has(normalizeStoragePath(path));
  }

  async isfile(path: string): Promise<boolean> {
    return this.files.has(normalizeStoragePath(path));
  }

  async exists(path: string): Promise<boolean> {
    const rel = normalizeStoragePath(path);
    return this.files.has(rel) || this.dirs.has(rel);
  }

  runpath(path: string): string {
    return runFolderPath(path);
  }

  abspath(path: string): string {
    return `memory://${normalizeStoragePath(path)}`;
  }

  private fileRel(path: string): string {
    const rel = normalizeStoragePath(path);
    if (rel === "") throw new Error(`'${path}' names the storage root, not a file; give a path inside it.`);
    return rel;
  }

  /** Adds a folder and its parents; a file in the way is an error, as on a disk. */
  private addDir(rel: string, asked: string): void {
    const dir = rel === "." ? "" : rel;
    for (let d = dir; d !== "" && d !== "."; d = posix.dirname(d)) {
      if (this.files.has(d)) throw new Error(`'${asked}' is not a folder in storage (${this.abspath(asked)}): '${d}' is a file.`);
    }
    for (let d = dir; d !== "" && d !== "."; d = posix.dirname(d)) this.dirs.add(d);
  }
}
