// Watches workspace folders with fs.watch when the client cannot watch files for us
// (no dynamic registration of workspace/didChangeWatchedFiles).

import * as fs from "node:fs";
import * as path from "node:path";

export class FsWatcher {
  private watchers: fs.FSWatcher[] = [];

  constructor(
    roots: string[],
    private readonly onFile: (file: string) => void,
  ) {
    this.reset(roots);
  }

  reset(roots: string[]) {
    this.close();
    for (const root of roots) {
      try {
        const w = fs.watch(root, { recursive: true }, (_event, name) => {
          if (name) this.onFile(path.join(root, name.toString()));
        });
        w.on("error", () => w.close()); // a folder that vanished stops its watcher, not the server
        this.watchers.push(w);
      } catch {
        // No watching on this file system: edits in open buffers still update the index.
      }
    }
  }

  close() {
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}
