// Disk cache of transformed modules: one file per (source text, path, esbuild version), so a warm start
// never starts esbuild. Entries end with a marker line; a truncated or foreign file is ignored.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MARKER = "\n//# gluepy-cache-end ";

export class TransformCache {
  private made = false;

  constructor(
    readonly dir: string,
    /** Everything besides the source that changes the output: esbuild version, loader options. */
    private readonly salt: string,
  ) {}

  key(filename: string, source: string): string {
    return createHash("sha1").update(this.salt).update("\0").update(filename).update("\0").update(source).digest("hex");
  }

  get(key: string): string | undefined {
    let text: string;
    try {
      text = readFileSync(join(this.dir, key + ".js"), "utf8");
    } catch {
      return undefined;
    }
    const end = MARKER + key + "\n";
    return text.endsWith(end) ? text.slice(0, -end.length) : undefined;
  }

  /** Best effort: a read-only project still runs, only without the cache. */
  set(key: string, code: string): void {
    try {
      if (!this.made) {
        mkdirSync(this.dir, { recursive: true });
        this.made = true;
      }
      const file = join(this.dir, key + ".js");
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, code + MARKER + key + "\n");
      renameSync(tmp, file);
    } catch {
      // Not cached; the next start transforms again.
    }
  }
}
