// Which project file a relative import names, as TypeScript and the bundler resolve it: the file itself,
// its TypeScript twin (`./tasks.js` written for `./tasks.ts`), the name with a source extension, or the
// folder's index. Packages (bare specifiers) are not project modules: undefined.

import { statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { ResolveModule } from "./project-index";

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const TWINS: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };

/** A resolver that remembers which paths are files (one stat each per load). */
export function moduleResolver(): ResolveModule {
  const known = new Map<string, boolean>();
  const isFile = (path: string) => {
    let found = known.get(path);
    if (found === undefined) {
      try {
        // Most candidates do not exist: no error made for each (a stack trace costs more than the stat).
        found = statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
      } catch {
        found = false;
      }
      known.set(path, found);
    }
    return found;
  };
  return (from, spec) => {
    if (!spec.startsWith(".") && !isAbsolute(spec)) return undefined;
    const base = resolve(dirname(from), spec);
    const dot = base.lastIndexOf(".");
    const ext = dot > base.lastIndexOf("/") ? base.slice(dot) : "";
    const candidates = [
      ...(TWINS[ext] ?? []).map((twin) => base.slice(0, -ext.length) + twin),
      base,
      ...EXTENSIONS.map((e) => base + e),
      ...EXTENSIONS.map((e) => `${base}/index${e}`),
    ];
    return candidates.find(isFile);
  };
}
