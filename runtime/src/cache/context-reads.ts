// What a task attempt read of the frozen context, for its fingerprint (issue 13): the context's read-only
// proxies (conf/context.ts) report each read here, and it is kept by the attempt whose code is calling
// (scope.ts) when the run cache is on. Every way code can observe the context goes through one of the
// traps reported (a value, a list's or map's shape, its keys, `in`), so a change of anything the task
// saw changes what it recorded. `gluepy.*` (run id, run folder, time) differs in every run by design and
// is left out: a task's outputs are placed at the same place in the new run folder.

import type { ContextRead } from "../../../shared/run-cache";
import { currentContextReads } from "../exec/scope";

/** The reads of one task attempt, each kept once (the first read of a path says all later ones). */
export class ContextReads {
  private readonly seen = new Map<string, ContextRead>();

  note(key: string[], kind: ContextRead["kind"], seen: string): void {
    const id = `${kind}\0${key.join("\0")}`;
    if (!this.seen.has(id)) this.seen.set(id, { key, kind, seen });
  }

  list(): ContextRead[] {
    return [...this.seen.values()];
  }
}

/** `value` as a read of `kind` sees it: the one representation both recording and checking use. */
export function seenAs(kind: ContextRead["kind"], value: unknown): string {
  switch (kind) {
    case "value":
      return value === undefined ? "undefined" : JSON.stringify(value);
    case "shape":
      return Array.isArray(value) ? "list" : value !== null && typeof value === "object" ? "map" : "value";
    case "keys":
      return JSON.stringify(value !== null && typeof value === "object" ? Object.keys(value) : []);
    case "has":
      return String(value);
  }
}

/** A read by the proxy of the object at `path`: recorded for the calling attempt, when one is recording. */
export function noteContextRead(path: readonly string[], key: string | undefined, kind: ContextRead["kind"], value: unknown): void {
  const reads = currentContextReads();
  if (!reads) return;
  const full = key === undefined ? [...path] : [...path, key];
  if (full[0] === "gluepy") return;
  const objectRead = kind === "value" && value !== null && typeof value === "object";
  reads.note(full, objectRead ? "shape" : kind, seenAs(objectRead ? "shape" : kind, value));
}

/** What the context holds now for `read` (checked against what an earlier attempt saw). */
export function seenNow(context: unknown, read: ContextRead): string {
  const parentPath = read.kind === "keys" ? read.key : read.key.slice(0, -1);
  let node: unknown = context;
  for (const k of parentPath) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, k)) {
      node = undefined;
      break;
    }
    node = (node as Record<string, unknown>)[k];
  }
  if (read.kind === "keys") return seenAs("keys", node);
  const last = read.key[read.key.length - 1]!;
  const holder = node !== null && typeof node === "object" ? (node as Record<string, unknown>) : undefined;
  if (read.kind === "has") return seenAs("has", holder !== undefined && last in holder);
  const value = holder !== undefined && Object.hasOwn(holder, last) ? holder[last] : undefined;
  return seenAs(read.kind === "value" && value !== null && typeof value === "object" ? "shape" : read.kind, value);
}
