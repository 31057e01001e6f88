// Where a run's files are (DESIGN §4): `<storage root>/runs/YYYY/MM/DD/<runId>/` with `context.yaml`,
// `metrics.json` and `.gluepy/{state.json,events.jsonl}`. The names live here once, for the runtime that
// writes them and for every part that reads them.

/** The folder of all runs, under the storage root. */
export const RUNS_DIR = "runs";
/** A run folder's records: state.json and events.jsonl. */
export const RECORD_DIR = ".gluepy";
export const STATE_FILE = "state.json";
export const EVENTS_FILE = "events.jsonl";
export const CONTEXT_FILE = "context.yaml";
export const METRICS_FILE = "metrics.json";

/** The name patterns of the levels under `runs/`: year, month, day, run id (never a dot folder). */
export const RUN_FOLDER_LEVELS: readonly RegExp[] = [/^\d{4}$/, /^\d{2}$/, /^\d{2}$/, /^[^.]/];

/** A storage-root relative run folder: `runs/YYYY/MM/DD/<runId>`. */
const RUN_FOLDER = /^runs\/\d{4}\/\d{2}\/\d{2}\/[^./][^/]*$/;

export function isRunFolder(rootRelative: string): boolean {
  return RUN_FOLDER.test(rootRelative);
}

/** Root-relative folder of a run started at `at` (UTC, zero padded). */
export function runFolderFor(runId: string, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${RUNS_DIR}/${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}/${runId}`;
}

/** Root-relative paths of a run folder's files, "/"-separated. */
export function runFiles(runFolder: string): { state: string; events: string; context: string; metrics: string } {
  return {
    state: `${runFolder}/${RECORD_DIR}/${STATE_FILE}`,
    events: `${runFolder}/${RECORD_DIR}/${EVENTS_FILE}`,
    context: `${runFolder}/${CONTEXT_FILE}`,
    metrics: `${runFolder}/${METRICS_FILE}`,
  };
}
