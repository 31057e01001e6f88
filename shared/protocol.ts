// The language server's custom requests and notifications, and the command ids its code lenses carry.
// Each message is declared once with its parameter and result types (RequestType/NotificationType, as
// vscode-eslint and rust-analyzer do): client, server and tests pass these objects, so no call site restates
// a type and the two sides cannot drift. vscode-jsonrpc's main entry is its platform-neutral API, so this
// module stays pure (no Node, no DOM, no vscode).

import { NotificationType, RequestType } from "vscode-jsonrpc";
import type { DagListing } from "./dag-listing";
import type { DagGraph, TaskNode } from "./dag-model";
import type { CacheReason, TaskFingerprint } from "./run-cache";
import type { RunSummary } from "./run-summary";

/** A 0-based LSP position range in a document. */
export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface SourceLocation {
  uri: string;
  range: LspRange;
}

/** A DAG in the gluepy/dags list: what `gluepy list --json` says of it too (DagListing), with its LSP location. */
export interface DagSummary extends DagListing {
  location: SourceLocation;
  /** The project folder the DAG belongs to (shared/project-of-file.ts): where `gluepy` runs it. */
  project: string;
  taskCount: number;
}

export interface TaskSummary {
  label: string;
  className: string;
  location: SourceLocation;
  /** The project folder the task belongs to. */
  project: string;
  /** Labels of the DAGs that include this task. */
  dags: string[];
}

export const DagListRequest = new RequestType<DagListParams, DagListResult, void>("gluepy/dags");
export interface DagListParams {
  /** Limit to DAGs defined in this document. */
  uri?: string;
  /** Limit to one project folder. */
  project?: string;
}
export interface DagListResult {
  dags: DagSummary[];
  tasks: TaskSummary[];
}

export const DagGraphRequest = new RequestType<DagGraphParams, DagGraphResult, void>("gluepy/graph");
export interface DagGraphParams {
  label: string;
  /** The project folder of the DAG: labels are unique per project. Without it, the first project (by folder) that has the label. */
  project?: string;
}
/** A DAG's graph as the server serves it, with the DAGs that use each of its tasks (for the graph's details
 * pane): task label → labels of the DAGs whose graphs include that task's class, this one too. */
export interface ServedDagGraph extends DagGraph<SourceLocation> {
  /** The project folder the DAG belongs to (shared/project-of-file.ts). */
  project?: string;
  dagsUsing?: Record<string, string[]>;
  nodes: ServedTaskNode[];
  /**
   * The run the nodes' `outdated` marks compare with (issue 13): the DAG's newest run that recorded
   * fingerprints (made with the run cache on), as the client last listed it. Absent when there is none:
   * then no task is marked.
   */
  comparedWith?: { runId: string; runFolder: string };
}

export interface ServedTaskNode extends TaskNode<SourceLocation> {
  /**
   * Present when the task is outdated against `comparedWith`, by the current text of the files (unsaved
   * edits count): `code` with a changed project file its module reaches (project-relative, "/"-separated),
   * or `upstream` with the label of an outdated task it runs after. Never empty when present.
   */
  outdated?: CacheReason[];
}
/** `null` when no DAG has that label (in that project). */
export type DagGraphResult = ServedDagGraph | null;

/** Sent by the server after the index or a DAG's outdated marks changed; the graph view asks again for the DAGs it shows. */
export const IndexChangedNotification = new NotificationType<IndexChangedParams>("gluepy/indexChanged");
export interface IndexChangedParams {
  /** Labels of the DAGs whose graph may have changed. */
  dags: string[];
}

/**
 * Sent by the client with the runs `gluepy runs --json` listed for a project (newest first), each time it
 * lists them: the hover's "Last run" line comes from these. The server never reads run folders or loads
 * gluepy.config.ts itself, so a storageRoot setting and S3 storage are honoured and no project code runs.
 */
export const RunsListedNotification = new NotificationType<RunsListedParams>("gluepy/runsListed");
export interface RunsListedParams {
  /** The project folder the runs belong to. */
  project: string;
  runs: RunSummary[];
  /**
   * Per DAG, the code fingerprints its newest run with fingerprints recorded (state.json), by task: what
   * the graph's outdated marks and the "Run DAG (N outdated)" lens compare the current text with. A DAG
   * left out has no such run.
   */
  fingerprints?: DagFingerprints[];
}

export interface DagFingerprints {
  dag: string;
  runId: string;
  runFolder: string;
  /** Task label → the `code` of its recorded fingerprint (tasks that recorded none are left out). */
  tasks: Record<string, TaskFingerprint["code"]>;
}

/**
 * Commands the server puts in code lenses; the client registers them. Arguments are positional; `project` is
 * the project folder of the class (shared/project-of-file.ts), where the command runs `gluepy`.
 */
export const Commands = {
  /** (dagLabel: string, uri: string, dagLabels: [], project: string) */
  runDag: "gluepy.runDag",
  /** (dagLabel: string, uri: string, dagLabels: [], project: string) */
  showGraph: "gluepy.showGraph",
  /** (dagLabel: string, uri: string, dagLabels: [], project: string): retry the failed tasks of the DAG's latest run */
  retryFailed: "gluepy.retryFailed",
  /** (taskLabel: string, uri: string, dagLabels: string[], project: string) */
  runTask: "gluepy.runTask",
  /** (taskLabel: string, uri: string, dagLabels: string[], project: string): rerun this task and what follows it in a past run */
  retryFromTask: "gluepy.retryFromTask",
  generateAirflow: "gluepy.generateAirflow",
  generateDagster: "gluepy.generateDagster",
  newProject: "gluepy.newProject",
} as const;
