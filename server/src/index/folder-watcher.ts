// Watches the workspace's source folders with fs.watch when the client cannot watch files for us (no
// dynamic registration of workspace/didChangeWatchedFiles). One watcher per folder the index walks, so
// node_modules and build output are never watched; folders created later are added as they appear.

import * as fs from "node:fs";
import * as path from "node:path";
import { isExcluded, scanWorkspace } from "./workspace-scan";

export class FsWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private roots: string[] = [];

  constructor(
    roots: string[],
    private readonly onFile: (file: string) => void,
  ) {
    this.reset(roots);
  }

  reset(roots: string[]) {
    this.close();
    this.roots = roots;
    for (const root of roots) for (const dir of scanWorkspace(root).dirs) this.watch(dir);
  }

  close() {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private watch(dir: string) {
    if (this.watchers.has(dir)) return;
    try {
      const w = fs.watch(dir, (_event, name) => {
        if (!name) return;
        const file = path.join(dir, name.toString());
        if (isDirectory(file) && !isExcluded(path.join(file, "x.ts"), this.roots)) {
          for (const d of scanWorkspace(file).dirs) this.watch(d);
        }
        this.onFile(file);
      });
      // A folder that vanished stops its watcher, not the server.
      w.on("error", () => {
        w.close();
        this.watchers.delete(dir);
      });
      this.watchers.set(dir, w);
    } catch {
      // Not watchable (gone, or no inotify left): edits in open buffers still update the index.
    }
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
