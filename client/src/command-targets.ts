// What the commands make of their arguments: code lenses pass positional ones (shared/protocol.ts
// Commands), the palette passes none, menus pass their own. Pure, so the rules are tested without VS Code.

import type { DagSummary, TaskSummary } from "../../shared/protocol";
import type { RunSummary } from "../../shared/run-summary";

/** `(label, uri, dagLabels)` from a code lens, or nothing usable (palette): each field checked. */
export interface LensArgs {
  label?: string;
  uri?: string;
  dags?: string[];
}

export function lensArgs(args: readonly unknown[]): LensArgs {
  const [label, uri, dags] = args;
  const out: LensArgs = {};
  if (typeof label === "string" && label) out.label = label;
  if (typeof uri === "string" && uri) out.uri = uri;
  else if (isUriLike(uri)) out.uri = uri.toString();
  if (Array.isArray(dags) && dags.every((d) => typeof d === "string")) out.dags = dags;
  return out;
}

function isUriLike(v: unknown): v is { scheme: string; toString(): string } {
  return typeof v === "object" && v !== null && typeof (v as { scheme?: unknown }).scheme === "string";
}

/** The DAGs a task can be run in: the lens's list, else every indexed DAG that lists it. */
export function dagsOfTask(task: string, fromLens: string[] | undefined, index: { tasks: TaskSummary[] } | undefined): string[] {
  if (fromLens && fromLens.length > 0) return fromLens;
  return index?.tasks.find((t) => t.label === task)?.dags ?? [];
}

export interface RunFolderChoice {
  label: string;
  description: string;
  /** Undefined: start a new run. */
  folder: string | undefined;
}

/** "Run Task" asks where: a new run, or one of the DAG's past runs (newest first, in its context). */
export function runFolderChoices(runs: readonly RunSummary[], dag: string): RunFolderChoice[] {
  const past = runs
    .filter((r) => r.dag === dag)
    .map((r) => ({
      label: `$(history) ${r.runId}`,
      description: `${r.status}, started ${r.startedAt ?? "?"}`,
      folder: r.runFolder,
    }));
  return [{ label: "$(add) New run", description: `a fresh run folder for ${dag}`, folder: undefined }, ...past];
}

/** Finds a DAG by label in the index; the message says what to do when it is not there. */
export function findDag(index: { dags: DagSummary[] } | undefined, label: string): DagSummary | { error: string } {
  const dag = index?.dags.find((d) => d.label === label);
  if (dag) return dag;
  const known = index?.dags.map((d) => d.label) ?? [];
  return {
    error: known.length
      ? `Gluepy: no DAG labelled "${label}" in this workspace (known: ${known.join(", ")}).`
      : `Gluepy: no DAG labelled "${label}": the workspace has no indexed DAG yet. Open a file that defines one.`,
  };
}
