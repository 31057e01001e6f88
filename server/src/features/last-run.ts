// The last run of a DAG or task, for the hover: looked up in the runs the client last listed for each
// project (gluepy/runsListed, what `gluepy runs --json` reported). The server reads no run folder and
// loads no gluepy.config.ts: where runs are kept (storageRoot, S3) is the runtime's to know.

import { lastRun, type LastRun, type RunSummary } from "../../../shared/run-summary";

export class LastRuns {
  private readonly byProject = new Map<string, readonly RunSummary[]>();

  /** The project's runs, newest first, replacing what the client said before. */
  set(project: string, runs: readonly RunSummary[]): void {
    this.byProject.set(project, runs);
  }

  /** The newest run of the DAG, or the newest run that has the task, in the project; undefined when none is known. */
  of(project: string, match: { dag?: string; task?: string }): LastRun | undefined {
    return lastRun(this.byProject.get(project) ?? [], match);
  }
}
