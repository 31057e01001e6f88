// Writes scaffold files under a folder, refusing to overwrite anything that is already there.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { EXIT_USAGE } from "../../../../shared/exit-codes";
import type { TemplateFile } from "./project-template";

export class ScaffoldError extends Error {
  readonly exitCode = EXIT_USAGE;
}

export function writeTemplate(dir: string, files: TemplateFile[]): string[] {
  const clashes = files.map((f) => join(dir, f.path)).filter((p) => existsSync(p));
  if (clashes.length > 0) throw new ScaffoldError(`${clashes.join(", ")} already exist${clashes.length === 1 ? "s" : ""}; nothing was written. Choose a new folder or name.`);
  for (const f of files) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
  }
  return files.map((f) => f.path);
}

/** The nearest folder above `from` (inclusive) that holds `relative`. */
export function findUp(from: string, relative: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
