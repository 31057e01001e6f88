// Where a file a task recorded (state.json's `outputs` and `inputs`) is: resolved from the run's own record
// in the project's storage root, never outside it, both on this disk and from the storage root (the path
// `gluepy preview` takes, also when the storage is S3). Pure: the graph panel opens what this returns.

import * as path from "node:path";
import type { TaskFile } from "../../shared/events";

export interface RecordedFile {
  /** Where it is on this disk (local storage; on S3 the bucket has it at `fromRoot` instead). */
  onDisk: string;
  /** From the storage root, `/`-separated: `runs/2026/12/04/<runId>/predictions.parquet`. */
  fromRoot: string;
}

/** `file` as a task of the run in `runFolder` (storage-root relative) recorded it: relative to its run
 * folder, or to the storage root when `root`. Undefined when it would lie outside the storage root. */
export function recordedFile(storageRoot: string, runFolder: string, file: Pick<TaskFile, "path" | "root">): RecordedFile | undefined {
  const onDisk = path.resolve(file.root ? storageRoot : path.join(storageRoot, ...runFolder.split("/")), file.path);
  const inside = path.relative(storageRoot, onDisk);
  if (inside === "" || inside === ".." || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return undefined;
  return { onDisk, fromRoot: inside.split(path.sep).join("/") };
}
