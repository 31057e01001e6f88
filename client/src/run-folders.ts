// Past runs of a project, read from its run folders (DESIGN §4: <storage root>/runs/YYYY/MM/DD/<runId>/,
// each with .gluepy/events.jsonl). Reads files only: listing runs never executes the project's code.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parseRunEvent, type RunEvent } from "../../shared/events";
import { reduceRunEvents, type RunState } from "../../shared/run-state";

export interface PastRun {
  folder: string;
  /** Undefined when the folder has no readable run-start yet (a run that crashed before starting). */
  state: RunState | undefined;
}

/** The default storage root of a project: `data/` beside gluepy.config.ts (DESIGN §2). */
export function runsRoot(projectDir: string): string {
  return path.join(projectDir, "data", "runs");
}

/** Every run folder under `runsRoot`, newest first. A missing root is no runs, not an error. */
export async function listRuns(root: string): Promise<PastRun[]> {
  const folders: string[] = [];
  for (const year of await subdirs(root, /^\d{4}$/))
    for (const month of await subdirs(year, /^\d{2}$/))
      for (const day of await subdirs(month, /^\d{2}$/)) folders.push(...(await subdirs(day, /./)));
  const runs = await Promise.all(folders.map(async (folder) => ({ folder, state: await readRunState(folder) })));
  return runs.sort(newestFirst);
}

/** The state of one run folder, folded from its event log. */
export async function readRunState(folder: string): Promise<RunState | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(folder, ".gluepy", "events.jsonl"), "utf8");
  } catch {
    return undefined;
  }
  return reduceRunEvents(parseEventLines(text));
}

export function parseEventLines(text: string): RunEvent[] {
  return text.split("\n").map(parseRunEvent).filter((e): e is RunEvent => e !== undefined);
}

/** The run that "Retry Failed Tasks" retries: the DAG's newest run, if it did not succeed. */
export function runToRetry(runs: PastRun[], dag: string): PastRun | undefined {
  const newest = runs.find((r) => r.state?.dag === dag);
  return newest && newest.state?.status !== "succeeded" ? newest : undefined;
}

export function runsOfDag(runs: PastRun[], dag: string): PastRun[] {
  return runs.filter((r) => r.state?.dag === dag);
}

function newestFirst(a: PastRun, b: PastRun): number {
  const ka = a.state?.startedAt ?? "";
  const kb = b.state?.startedAt ?? "";
  if (ka !== kb) return ka < kb ? 1 : -1;
  return a.folder < b.folder ? 1 : a.folder > b.folder ? -1 : 0;
}

async function subdirs(dir: string, name: RegExp): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && name.test(e.name)).map((e) => path.join(dir, e.name)).sort();
  } catch {
    return [];
  }
}
