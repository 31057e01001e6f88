// What one task attempt wrote and read through `storage`/`dataManager`, gathered while it runs
// (recorded-storage.ts) and reported on its task-end event and in state.json as `outputs` and `inputs`.
// Paths inside the run folder are run-folder relative; others storage-root relative, marked `root: true`.

import type { TaskFile } from "../../../shared/events";

export interface AttemptFileReport {
  outputs?: TaskFile[];
  inputs?: TaskFile[];
}

const NONE: AttemptFileReport = Object.freeze({});

/** One per task attempt: the maps are made on the first file, so an attempt that touches none costs one small object. */
export class AttemptFiles {
  /** Keyed by root-relative path; a Map keeps the order of first insertion, so a rewrite keeps its place. */
  private written: Map<string, TaskFile> | undefined;
  private read: Map<string, TaskFile> | undefined;

  /** `runFolder`: root-relative, as in the run scope. */
  constructor(private readonly runFolder: string) {}

  /** `path` is root-relative and normalized; the last write of a path is the one that counts. */
  wrote(path: string, bytes: number, sha256: string): void {
    (this.written ??= new Map()).set(path, this.entry(path, bytes, sha256));
  }

  /**
   * A file read. What the attempt wrote itself earlier is no input of it: a cache (issue 13) must key on
   * what came from outside the attempt. The first read of a path is kept (a later one reads the same file).
   */
  wasRead(path: string, bytes: number, sha256: string): void {
    if (this.countsAsInput(path)) (this.read ??= new Map()).set(path, this.entry(path, bytes, sha256));
  }

  /** Whether a read of `path` now would be a new input (so its content is worth hashing). */
  countsAsInput(path: string): boolean {
    return !this.written?.has(path) && !this.read?.has(path);
  }

  /** `path` (a file or a folder) was removed: what the attempt wrote there is no output any more. */
  removed(path: string): void {
    if (!this.written) return;
    const folder = path === "" ? "" : path + "/";
    for (const key of this.written.keys()) if (key === path || key.startsWith(folder)) this.written.delete(key);
  }

  report(): AttemptFileReport {
    if (!this.written && !this.read) return NONE;
    const report: AttemptFileReport = {};
    if (this.written?.size) report.outputs = [...this.written.values()];
    if (this.read?.size) report.inputs = [...this.read.values()];
    return report;
  }

  private entry(path: string, bytes: number, sha256: string): TaskFile {
    const inRun = path.length > this.runFolder.length && path.startsWith(this.runFolder) && path[this.runFolder.length] === "/";
    return inRun ? { path: path.slice(this.runFolder.length + 1), bytes, sha256 } : { path, root: true, bytes, sha256 };
  }
}
