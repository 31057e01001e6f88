// The code part of a task's fingerprint (issue 13), one rule for the runtime that records it and the
// language server that compares the current text with it ("outdated" while you type): each project file
// the task's module reaches is keyed by its path relative to the project folder, "/"-separated, and holds
// the hex SHA-256 of its bytes (an editor buffer: of its UTF-8 text). Pure: each side hashes with
// node:crypto at its edge, as CODE_HASH says.

import type { CacheReason } from "./run-cache";

/** How a file's content is hashed: `createHash(CODE_HASH.algorithm).update(bytes).digest(CODE_HASH.encoding)`. */
export const CODE_HASH = { algorithm: "sha256", encoding: "hex" } as const;

/**
 * A `code` reason for each file whose hash differs between a recorded code map and the current one, in key
 * order: a file only one side has (reached now and not then, gone since) differs too.
 */
export function codeFileReasons(before: Readonly<Record<string, string>>, now: Readonly<Record<string, string | undefined>>): CacheReason[] {
  const files = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...files]
    .filter((file) => before[file] !== now[file])
    .sort()
    .map((file) => ({ kind: "code", detail: file }));
}
