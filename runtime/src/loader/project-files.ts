// Which files of a project hold its Tasks and DAGs: every .ts/.mts/.tsx except dependencies, build
// output, data, configuration, tests and declaration files. Sorted, so loading order is stable.

import { readdirSync } from "node:fs";
import { join } from "node:path";

const SKIPPED_DIRS = new Set(["node_modules", "dist", "build", "out", "configs", "test", "tests", "__tests__", "coverage"]);
const SOURCE = /\.(ts|mts|tsx)$/;
const NOT_SOURCE = /(\.d\.(ts|mts)|\.(test|spec)\.(ts|mts|tsx))$/;
export const SETTINGS_FILE = "gluepy.config.ts";

/** Absolute paths of the project's source files; `excluded` are absolute folders left out (the storage root). */
export function projectSourceFiles(projectDir: string, excluded: readonly string[] = []): string[] {
  const files: string[] = [];
  const skip = new Set(excluded);
  const walk = (dir: string, top: boolean) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name.startsWith(".") || SKIPPED_DIRS.has(e.name) || skip.has(path)) continue;
        walk(path, false);
      } else if (SOURCE.test(e.name) && !NOT_SOURCE.test(e.name) && !(top && e.name === SETTINGS_FILE)) {
        files.push(path);
      }
    }
  };
  walk(projectDir, true);
  return files.sort();
}
