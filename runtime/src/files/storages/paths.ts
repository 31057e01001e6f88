// Path and content rules every storage backend shares: one normal form for root-relative paths (the
// root-escape check lives here, once), the run-folder join, and turning any StorageContent into bytes.

import { posix } from "node:path";
import type { Readable } from "node:stream";
import { currentScope } from "../../exec/scope";
import { type StorageContent, StoragePathError } from "./base";

/**
 * Root-relative, "/"-separated, no leading or trailing slash ("" is the root itself). Refuses absolute
 * paths, drive letters, NUL bytes and any ".." that climbs above the root.
 */
export function normalizeStoragePath(path: string): string {
  if (path.includes("\0") || /^([\\/]|[A-Za-z]:)/.test(path)) throw new StoragePathError(path);
  const parts: string[] = [];
  for (const part of path.split(/[\\/]+/)) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) throw new StoragePathError(path);
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}

/** `path` inside the current run's folder; outside a run there is no run folder to join. */
export function runFolderPath(path: string): string {
  const scope = currentScope();
  if (!scope) throw new Error(`storage.runpath('${path}') needs a run: call it from a task's run().`);
  return normalizeStoragePath(posix.join(scope.runFolder, normalizeStoragePath(path)));
}

export async function contentToBuffer(content: StorageContent): Promise<Buffer> {
  if (typeof content === "string") return Buffer.from(content, "utf8");
  if (content instanceof Uint8Array) return Buffer.from(content);
  const chunks: Buffer[] = [];
  for await (const chunk of content as Readable) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
