// What the Runs view watches to hear of runs it did not start (a terminal, tasks.json, another window).
// A recursive watcher alone is not enough: VS Code's (parcel) misses the folders a run makes at once
// (`runs/YYYY/MM/DD/<id>/.gluepy`, one mkdir -p) about half the time on Linux, and then never sees any
// change below them again: every later run of that day went unseen. So the view also watches, one folder
// deep each (fs.watch: reliable for a folder's own entries), each level of today's path under the storage
// root, and the record folder of each run that is running or among the newest. Pure: the caller says which
// folders exist and creates the watchers.

import * as path from "node:path";
import { RECORD_DIR, RUNS_DIR, runFolderFor, STATE_FILE } from "../../shared/run-folder-layout";
import type { RunListing } from "../../shared/run-summary";

/** A watch: `pattern` relative to `dir`; one without "/" or "**" watches `dir`'s own entries only. */
export interface RecordWatch {
  dir: string;
  pattern: string;
}

/** Runs whose record folder is watched besides the running ones: a retry or resume from a terminal
 * usually takes up one of the last few runs, which is then not a new folder. */
export const NEWEST_WATCHED = 20;

/** Every change below the storage root's runs that the recursive watcher reports, when it does. */
const RECURSIVE_PATTERN = `${RUNS_DIR}/**/${RECORD_DIR}/${STATE_FILE}`;

export function recordWatches(listing: Pick<RunListing, "storageRoot" | "runs">, now: Date, exists: (dir: string) => boolean): RecordWatch[] {
  const root = listing.storageRoot;
  const watches: RecordWatch[] = [];
  if (!exists(root)) {
    // No run so far: the nearest existing folder above says when the next folder towards the root appears.
    let below = root;
    while (!exists(path.dirname(below)) && path.dirname(below) !== below) below = path.dirname(below);
    if (path.dirname(below) !== below) watches.push({ dir: path.dirname(below), pattern: path.basename(below) });
    return watches;
  }
  watches.push({ dir: root, pattern: RECURSIVE_PATTERN }, { dir: root, pattern: RUNS_DIR });
  // runs/, then today's year, month and day folders: each one there says when the next is made (a new
  // year, month or day) and the day folder when a run folder is made in it.
  const today = path.posix.dirname(runFolderFor("run", now)).split("/");
  let dir = root;
  for (const level of today) {
    dir = path.join(dir, level);
    if (!exists(dir)) break;
    watches.push({ dir, pattern: "*" });
  }
  const followed = new Set(listing.runs.slice(0, NEWEST_WATCHED));
  for (const run of listing.runs) if (run.status === "running") followed.add(run);
  for (const run of followed) {
    const records = path.join(root, ...run.runFolder.split("/"), RECORD_DIR);
    if (exists(records)) watches.push({ dir: records, pattern: STATE_FILE });
  }
  return watches;
}

/** A watch's identity, to keep a watcher across listings that still want it. */
export function watchKey(watch: RecordWatch): string {
  return `${watch.dir}\0${watch.pattern}`;
}
