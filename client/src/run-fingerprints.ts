// What the language server compares the current text with to mark tasks outdated (issue 13): per DAG of a
// project's run listing, the code fingerprints that its newest run with the run cache on recorded, read
// from that run's local record. Sent with each listing (gluepy/runsListed): the server reads no run folder.

import type { DagFingerprints } from "../../shared/protocol";
import type { RunState } from "../../shared/run-state";
import { newestFingerprintedRuns, type RunListing, type RunSummary } from "../../shared/run-summary";
import { readRunState, recordDirOf } from "./run-folders";

/** The code each task of the run recorded in its fingerprint (tasks that recorded none are left out). */
export function fingerprintsOfRun(run: RunSummary & { dag: string }, state: RunState): DagFingerprints {
  const tasks: DagFingerprints["tasks"] = {};
  for (const [label, task] of Object.entries(state.tasks)) if (task.fingerprint) tasks[label] = task.fingerprint.code;
  return { dag: run.dag, runId: run.runId, runFolder: run.runFolder, tasks };
}

/**
 * Reads each listing's fingerprints. A finished run's record no longer changes, so what was read of it is
 * kept; a listing that a newer one of the same project overtook while its records were read gives nothing.
 */
export class RunFingerprints {
  private readonly finished = new Map<string, DagFingerprints>();
  private readonly latest = new Map<string, number>();
  private asked = 0;

  constructor(private readonly readState: (recordDir: string) => Promise<RunState | undefined> = readRunState) {}

  /** Per DAG of the listing, its newest run's fingerprints; undefined when a newer listing of the project came meanwhile. */
  async of(projectDir: string, listing: RunListing): Promise<DagFingerprints[] | undefined> {
    const ask = ++this.asked;
    this.latest.set(projectDir, ask);
    const runs = newestFingerprintedRuns(listing.runs).filter((r): r is RunSummary & { dag: string } => r.dag !== undefined);
    const read = await Promise.all(runs.map((run) => this.read(listing, run)));
    if (this.latest.get(projectDir) !== ask) return undefined;
    return read.filter((f): f is DagFingerprints => f !== undefined);
  }

  private async read(listing: RunListing, run: RunSummary & { dag: string }): Promise<DagFingerprints | undefined> {
    const key = `${listing.storageRoot}\0${run.runFolder}`;
    const kept = this.finished.get(key);
    if (kept) return kept;
    const state = await this.readState(recordDirOf(listing, run)).catch(() => undefined);
    if (!state) return undefined;
    const fingerprints = fingerprintsOfRun(run, state);
    if (state.status !== "running") this.finished.set(key, fingerprints);
    return fingerprints;
  }
}
