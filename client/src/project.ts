// Which Gluepy project a file belongs to: the nearest folder up from it that holds gluepy.config.ts,
// else the nearest with a package.json, within its workspace folder.

import { existsSync } from "node:fs";
import * as path from "node:path";

/** The project folder of `file`, not above `workspaceDir`; `workspaceDir` when no marker is found. */
export function projectDirOf(file: string, workspaceDir: string, exists: (p: string) => boolean = existsSync): string {
  const stop = path.resolve(workspaceDir);
  let packageDir: string | undefined;
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    if (exists(path.join(dir, "gluepy.config.ts"))) return dir;
    if (!packageDir && exists(path.join(dir, "package.json"))) packageDir = dir;
    if (dir === stop || !isInside(dir, stop) || dir === path.dirname(dir)) break;
  }
  return packageDir && isInside(packageDir, stop) ? packageDir : stop;
}

function isInside(dir: string, root: string): boolean {
  const rel = path.relative(root, dir);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}
