// Past runs of the workspace's projects, as the runtime lists them (`gluepy runs --json`): the runtime finds
// the storage root (gluepy.config.ts, GLUEPY_STORAGE_ROOT, the backend) and reads the run folders, so a
// storageRoot setting and S3 storage work here as in the CLI. The CLI loads gluepy.config.ts, which is
// project code: runs are listed in trusted workspaces only. Lists are kept until a run changes them.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parseRunEvent, type RunEvent } from "../../shared/events";
import { EVENTS_FILE, RECORD_DIR } from "../../shared/run-folder-layout";
import { reduceRunEvents, type RunState } from "../../shared/run-state";
import type { RunListing, RunSummary } from "../../shared/run-summary";
import { runsArgs } from "./cli-command-lines";
import { cliInvocation, runToEnd } from "./run-process";

/** A project's runs, or why they could not be listed (the CLI's own message). */
export type ProjectRuns = { projectDir: string } & ({ listing: RunListing } | { error: string });

/** `gluepy runs --json`'s output, checked: undefined when it is not a run listing. */
export function parseRunListing(stdout: string): RunListing | undefined {
  let value: unknown;
  try {
    value = JSON.parse(stdout.trim().split("\n").pop() ?? "");
  } catch {
    return undefined;
  }
  const listing = value as Partial<RunListing> | null;
  if (!listing || typeof listing.storageRoot !== "string" || !Array.isArray(listing.runs)) return undefined;
  const runs = listing.runs.filter((r): r is RunSummary => !!r && typeof r.runFolder === "string" && typeof r.status === "string");
  return { storageRoot: listing.storageRoot, backend: String(listing.backend ?? "local"), runs: runs.map(withDefaults) };
}

function withDefaults(run: RunSummary): RunSummary {
  return { ...run, runId: run.runId ?? path.posix.basename(run.runFolder), tasks: run.tasks ?? {}, metrics: run.metrics ?? {}, params: run.params ?? {} };
}

/** Where a run's `.gluepy/` records are on this disk (whatever the backend, the runtime keeps them there). */
export function recordDirOf(listing: Pick<RunListing, "storageRoot">, run: Pick<RunSummary, "runFolder">): string {
  return path.join(listing.storageRoot, ...run.runFolder.split("/"), RECORD_DIR);
}

/** The whole state of one run (task times, errors, metrics per task), folded from its local event log. */
export async function readRunState(recordDir: string): Promise<RunState | undefined> {
  const events = await readRunEvents(recordDir);
  return events && reduceRunEvents(events);
}

/** Every event of one run (its local event log), or undefined when it cannot be read. */
export async function readRunEvents(recordDir: string): Promise<RunEvent[] | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(recordDir, EVENTS_FILE), "utf8");
  } catch {
    return undefined;
  }
  return parseEventLines(text);
}

export function parseEventLines(text: string): RunEvent[] {
  return text.split("\n").map(parseRunEvent).filter((e): e is RunEvent => e !== undefined);
}

/** Runs `gluepy runs --json` in a project. */
export async function listProjectRuns(cliPath: string, projectDir: string, nodePath?: string): Promise<ProjectRuns> {
  const result = await runToEnd(cliInvocation(cliPath, runsArgs(projectDir), nodePath), projectDir);
  const listing = result.code === 0 ? parseRunListing(result.stdout) : undefined;
  if (listing) return { projectDir, listing };
  const said = result.stderr.trim().split("\n").filter(Boolean).pop();
  return { projectDir, error: said ?? `gluepy runs exited ${result.code} with no run listing` };
}

/**
 * Each project's run listing, asked of the CLI once and kept until `forget` (a run started, ended, or a
 * run record changed on disk): the Runs view, Retry Failed Tasks and the graph panels share one answer.
 */
export class RunListings {
  private readonly kept = new Map<string, Promise<ProjectRuns>>();

  constructor(private readonly list: (projectDir: string) => Promise<ProjectRuns>) {}

  of(projectDir: string): Promise<ProjectRuns> {
    let runs = this.kept.get(projectDir);
    if (!runs) {
      runs = this.list(projectDir);
      this.kept.set(projectDir, runs);
    }
    return runs;
  }

  /** Forgets one project's listing, or every one. */
  forget(projectDir?: string): void {
    if (projectDir === undefined) this.kept.clear();
    else this.kept.delete(projectDir);
  }
}
