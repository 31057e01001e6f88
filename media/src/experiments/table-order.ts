// Which runs the Experiments table shows and in what order: a text filter, a status filter, a sort by any
// column. Pure: the page keeps the choice and draws the rows this returns.

import type { ExperimentRun } from "../../../shared/experiments-protocol";
import type { RunSummary } from "../../../shared/run-summary";
import { paramText, sortValue, type Column, type SortValue } from "./columns";

export interface TableOrder {
  /** Column id to sort by, and direction. */
  sort: { column: string; descending: boolean };
  /** Words that must all appear (case-insensitive) in the run's DAG, id, folder, project or a `param=value`. */
  text: string;
  /** Statuses shown; empty: all. */
  statuses: ReadonlySet<RunSummary["status"]>;
}

export function visibleRows(rows: readonly ExperimentRun[], columns: readonly Column[], order: TableOrder): ExperimentRun[] {
  const words = order.text.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = rows.filter((row) => (order.statuses.size === 0 || order.statuses.has(row.run.status)) && matchesWords(row, words));
  const column = columns.find((c) => c.id === order.sort.column);
  if (!column) return shown;
  const keyed = shown.map((row) => ({ row, value: sortValue(row, column) }));
  keyed.sort((a, b) => compareValues(a.value, b.value, order.sort.descending));
  return keyed.map((k) => k.row);
}

/** One collator for every comparison: localeCompare with options builds one per call (seconds for 500 rows). */
const TEXT_ORDER = new Intl.Collator(undefined, { numeric: true });

/** Ascending or descending, with runs that have no value last in both. */
export function compareValues(a: SortValue, b: SortValue, descending: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const c = typeof a === "number" && typeof b === "number" ? a - b : TEXT_ORDER.compare(String(a), String(b));
  return descending ? -c : c;
}

function matchesWords(row: ExperimentRun, words: string[]): boolean {
  if (words.length === 0) return true;
  const { run } = row;
  const haystack = [run.dag ?? "", run.runId, run.runFolder, row.project, ...Object.keys(run.params).map((k) => `${k}=${paramText(run.params[k])}`)]
    .join("\n")
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}
