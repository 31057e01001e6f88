// What one task attempt wrote and read through `storage`/`dataManager`, gathered while it runs
// (recorded-storage.ts) and reported on its task-end event and in state.json as `outputs` and `inputs`.
// Paths inside the run folder are run-folder relative; others storage-root relative, marked `root: true`.

import type { TaskFile } from "../../../shared/events";

export interface AttemptFileReport {
  outputs?: TaskFile[];
  inputs?: TaskFile[];
}

export class AttemptFiles {
  /** Keyed by root-relative path; a Map keeps the order of first insertion, so a rewrite keeps its place. */
  private readonly written = new Map<string, TaskFile>();
  private readonly read = new Map<string, TaskFile>();
  private readonly runPrefix: string;

  /** `runFolder`: root-relative, as in the run scope. */
  constructor(runFolder: string) {
    this.runPrefix = runFolder + "/";
  }

  /** `path` is root-relative and normalized; the last write of a path is the one that counts. */
  wrote(path: string, bytes: number, sha256: string): void {
    this.written.set(path, this.entry(path, bytes, sha256));
  }

  /**
   * A file read. What the attempt wrote itself earlier is no input of it: a cache (issue 13) must key on
   * what came from outside the attempt. The first read of a path is kept (a later one reads the same file).
   */
  wasRead(path: string, bytes: number, sha256: string): void {
    if (this.written.has(path) || this.read.has(path)) return;
    this.read.set(path, this.entry(path, bytes, sha256));
  }

  /** `path` (a file or a folder) was removed: what the attempt wrote there is no output any more. */
  removed(path: string): void {
    const folder = path === "" ? "" : path + "/";
    for (const key of this.written.keys()) if (key === path || key.startsWith(folder)) this.written.delete(key);
  }

  report(): AttemptFileReport {
    const report: AttemptFileReport = {};
    if (this.written.size > 0) report.outputs = [...this.written.values()];
    if (this.read.size > 0) report.inputs = [...this.read.values()];
    return report;
  }

  private entry(path: string, bytes: number, sha256: string): TaskFile {
    return path.startsWith(this.runPrefix) ? { path: path.slice(this.runPrefix.length), bytes, sha256 } : { path, root: true, bytes, sha256 };
  }
}
