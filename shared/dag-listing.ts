// A DAG as the listings show it: `gluepy list --json` (ListedDag) and the language server's gluepy/dags
// (DagSummary in protocol.ts) share its label, class and problems; they differ in where it is and how much
// of it they carry.

import type { DagProblem, ProblemCode, ProblemSeverity } from "./dag-model";

/** A DAG problem without its locations: what a listing says of it. */
export interface ListedProblem {
  code: ProblemCode;
  severity: ProblemSeverity;
  message: string;
  /** A cycle's path, its first label again at the end. */
  path?: string[];
}

export interface DagListing {
  label: string;
  className: string;
  problems: ListedProblem[];
}

/** What `gluepy list --json` prints: the project's DAGs, by label. */
export interface DagListOutput {
  dags: ListedDag[];
}

/** One DAG of `gluepy list --json`. */
export interface ListedDag extends DagListing {
  /** Absolute path of the file that defines the class, and the 1-based line of its declaration. */
  file?: string;
  line?: number;
  /** False when the DAG has an error: it does not run. */
  valid: boolean;
  tasks: { label: string; className: string; file?: string; line?: number; eval: boolean }[];
  edges: [string, string][];
}

export function listedProblem(p: DagProblem): ListedProblem {
  return { code: p.code, severity: p.severity, message: p.message, ...(p.path ? { path: p.path } : {}) };
}
