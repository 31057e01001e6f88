// Messages between the extension and the Experiments page (media/src/experiments/), both directions, and
// the validator the extension runs on what the page posts (page code is untrusted: check before use).
// The panel (client/src/experiments-panel.ts) sends `runs` after the page's `ready` and whenever the runs
// are listed again (a run started or ended); the page names a run by its `key`, never by a path.

import type { RunSummary } from "./run-summary";
import { optional, validateMessage, when, type Field } from "./webview-protocol";

/** One run as the page shows it: the runtime's summary, the project it belongs to, and a key to name it by. */
export interface ExperimentRun {
  /** Unique among the runs sent: the project folder and the run folder. */
  key: string;
  /** The project folder's name (shown when the workspace has more than one project). */
  project: string;
  run: RunSummary;
}

export type ExtensionToExperiments =
  /** Every run of the workspace's projects, newest first; `problems`: projects whose runs could not be listed. */
  { type: "runs"; runs: ExperimentRun[]; problems: string[] };

export type ExperimentsToExtension =
  | { type: "ready" }
  /** Show this run in its DAG's graph panel (its statuses, durations, errors); `task`: select that task. */
  | { type: "show-run"; key: string; task?: string }
  /** Retry the failed tasks of this run (`gluepy dag <dag> --retry <folder> --resume`). */
  | { type: "retry-failed"; key: string }
  /** Rerun `task` and what follows it in this run's folder (`--retry <folder> --from-task <task>`). */
  | { type: "run-from"; key: string; task: string };

/** Longest key or task accepted from the page (a key is two paths). */
const MAX_TEXT = 4096;
const text = when((v) => typeof v === "string" && v.length > 0 && v.length <= MAX_TEXT && !/[\0-\x1f]/.test(v));

/** The fields each message type must have; no other field is kept. */
const SHAPES: Record<ExperimentsToExtension["type"], Record<string, Field>> = {
  ready: {},
  "show-run": { key: text, task: optional(text) },
  "retry-failed": { key: text },
  "run-from": { key: text, task: text },
};

/** A message from the page, copied to exactly its known fields; undefined when malformed. */
export function validateExperimentsMessage(value: unknown): ExperimentsToExtension | undefined {
  return validateMessage<ExperimentsToExtension>(SHAPES, value);
}
