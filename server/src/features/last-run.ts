// The last run status of a DAG or task, read from the newest run folders' `.gluepy/state.json` under the
// project's storage root (`<root>/runs/YYYY/MM/DD/<runId>`). Reads files only; runs nothing: the
// storage root is read from gluepy.config.ts as text, never by loading it.

import * as fs from "node:fs";
import * as path from "node:path";

export interface LastRun {
  runId: string;
  dag: string;
  status: string;
  /** The task's own status in that run, when asked about a task. */
  taskStatus?: string;
}

/** How many run folders to look into before giving up. */
const MAX_RUNS = 50;

/**
 * The storage root of the project a file belongs to: the nearest gluepy.config.ts above it (up to a
 * workspace folder) names it as a string `storageRoot`, else the project's `data` folder.
 */
export function storageRootFor(file: string, roots: string[]): string {
  const top = roots.find((r) => file.startsWith(r + path.sep)) ?? path.dirname(file);
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const config = readText(path.join(dir, "gluepy.config.ts"));
    if (config !== undefined) return path.resolve(dir, /\bstorageRoot\s*:\s*["'`]([^"'`$]+)["'`]/.exec(config)?.[1] ?? "data");
    if (dir === top || path.dirname(dir) === dir) return path.join(top, "data");
  }
}

export function lastRun(storageRoot: string, match: { dag?: string; task?: string }): LastRun | undefined {
  let seen = 0;
  for (const folder of newestRunFolders(path.join(storageRoot, "runs"))) {
    if (++seen > MAX_RUNS) return undefined;
    const state = readState(path.join(folder, ".gluepy", "state.json"));
    if (!state) continue;
    if (match.dag !== undefined && state.dag !== match.dag) continue;
    const taskStatus = match.task !== undefined ? state.tasks?.[match.task]?.status : undefined;
    if (match.task !== undefined && taskStatus === undefined) continue;
    return { runId: state.runId ?? path.basename(folder), dag: state.dag ?? "?", status: state.status ?? "unknown", taskStatus };
  }
  return undefined;
}

interface StateFile {
  runId?: string;
  dag?: string;
  status?: string;
  tasks?: Record<string, { status?: string }>;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function readState(file: string): StateFile | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(file, "utf8"));
    return v && typeof v === "object" ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Run folders newest first: year, month, day and run id all sort by name. */
function* newestRunFolders(runs: string): Generator<string> {
  for (const y of dirsDescending(runs))
    for (const m of dirsDescending(y))
      for (const d of dirsDescending(m))
        for (const run of dirsDescending(d)) yield run;
}

function dirsDescending(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
      .reverse()
      .map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}
