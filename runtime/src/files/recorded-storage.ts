// The storage task code sees (`storage`, and `dataManager` on top of it): the run's storage, recording each
// file the calling task attempt writes, reads, copies or removes into that attempt's AttemptFiles
// (task-files.ts), found by the attempt's async context, so tasks running concurrently in one process are
// told apart. The size and SHA-256 are taken from the bytes passing through: no second read of a file.

import { createHash, type Hash } from "node:crypto";
import { pipeline, Readable, Transform } from "node:stream";
import { posix } from "node:path";
import { currentAttemptFiles } from "../exec/scope";
import type { Storage, StorageContent } from "./storages/base";
import { normalizeStoragePath } from "./storages/paths";
import type { AttemptFiles } from "./task-files";

const recorders = new WeakMap<Storage, RecordedStorage>();

/** `storage`, recording for the task attempt that calls it (one wrapper per storage, made once). */
export function recordedStorage(storage: Storage): Storage {
  let recorded = recorders.get(storage);
  if (!recorded) recorders.set(storage, (recorded = new RecordedStorage(storage)));
  return recorded;
}

class RecordedStorage implements Storage {
  constructor(private readonly inner: Storage) {}

  async touch(path: string, content: StorageContent): Promise<void> {
    const files = currentAttemptFiles();
    if (!files) return this.inner.touch(path, content);
    const key = normalizeStoragePath(path);
    if (content instanceof Readable) {
      const counted = new CountingHash();
      const through = counted.transform();
      // pipeline, not pipe: a source that fails fails the write too (the error reaches `through`).
      pipeline(content, through, () => undefined);
      await this.inner.touch(path, through);
      files.wrote(key, counted.bytes, counted.digest());
      return;
    }
    await this.inner.touch(path, content);
    files.wrote(key, typeof content === "string" ? Buffer.byteLength(content) : content.byteLength, sha256(content));
  }

  async open(path: string): Promise<Buffer> {
    const bytes = await this.inner.open(path);
    const files = currentAttemptFiles();
    if (files) {
      const key = normalizeStoragePath(path);
      // Hashed only when it is a new input: a task that reads its own output, or one input many times, pays once.
      if (files.countsAsInput(key)) files.wasRead(key, bytes.length, sha256(bytes));
    }
    return bytes;
  }

  async cp(src: string, dest: string): Promise<void> {
    await this.inner.cp(src, dest);
    const files = currentAttemptFiles();
    if (files) await this.recordCopy(normalizeStoragePath(src), normalizeStoragePath(dest), files);
  }

  async rm(path: string): Promise<void> {
    await this.inner.rm(path);
    currentAttemptFiles()?.removed(normalizeStoragePath(path));
  }

  ls(path: string) {
    return this.inner.ls(path);
  }
  mkdir(path: string) {
    return this.inner.mkdir(path);
  }
  isdir(path: string) {
    return this.inner.isdir(path);
  }
  isfile(path: string) {
    return this.inner.isfile(path);
  }
  exists(path: string) {
    return this.inner.exists(path);
  }
  runpath(path: string) {
    return this.inner.runpath(path);
  }
  abspath(path: string) {
    return this.inner.abspath(path);
  }

  /**
   * A copy reads its source and writes its destination, file by file for a folder. The backend copies
   * without the bytes passing here (S3: on the server), so each copied file is read once to measure it.
   */
  private async recordCopy(src: string, dest: string, files: AttemptFiles): Promise<void> {
    if (await this.inner.isfile(src)) {
      const bytes = await this.inner.open(src);
      const hash = sha256(bytes);
      files.wasRead(src, bytes.length, hash);
      files.wrote(dest, bytes.length, hash);
      return;
    }
    const listing = await this.inner.ls(src);
    for (const name of [...listing.files, ...listing.dirs]) await this.recordCopy(posix.join(src, name), posix.join(dest, name), files);
  }
}

function sha256(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

/** Counts and hashes the bytes of a stream as they go by. */
class CountingHash {
  bytes = 0;
  private readonly hash: Hash = createHash("sha256");

  transform(): Transform {
    return new Transform({
      transform: (chunk: Buffer | string, _encoding, done) => {
        const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        this.bytes += buf.length;
        this.hash.update(buf);
        done(null, buf);
      },
    });
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}
