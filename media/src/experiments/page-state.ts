// What the Experiments page keeps across a reload of its webview or of the window (VS Code's
// getState/setState, handed back to the panel's serializer): the sort, the filters and the picked runs.
// Pure: the state read back is page data of any age (or none), so every field is checked, and picked runs
// no longer listed are dropped when the runs arrive.

import type { ExperimentRun } from "../../../shared/experiments-protocol";
import type { RunSummary } from "../../../shared/run-summary";
import type { TableOrder } from "./table-order";

export interface ExperimentsView {
  sort: TableOrder["sort"];
  /** The filter box's text. */
  text: string;
  /** The statuses ticked (none: all shown). */
  statuses: RunSummary["status"][];
  /** Keys of the picked runs, in the order picked: the first is the comparison's baseline. */
  picked: string[];
}

/** A page opened for the first time: newest first, nothing filtered or picked. */
export function initialView(): ExperimentsView {
  return { sort: { column: "start", descending: true }, text: "", statuses: [], picked: [] };
}

const STATUSES: readonly string[] = ["running", "succeeded", "failed", "cancelled", "unknown"] satisfies RunSummary["status"][];
/** Longer than any key, column id or filter a user makes: a state past it is not one this page saved. */
const MAX_TEXT = 4096;
const isText = (v: unknown): v is string => typeof v === "string" && v.length <= MAX_TEXT;

/** The view saved before, each field that is not what this page saves replaced by its initial value. */
export function restoredView(saved: unknown): ExperimentsView {
  const view = initialView();
  if (typeof saved !== "object" || saved === null) return view;
  const s = saved as Partial<Record<keyof ExperimentsView, unknown>>;
  const sort = s.sort as Partial<Record<keyof TableOrder["sort"], unknown>> | undefined;
  if (typeof sort === "object" && sort !== null && isText(sort.column) && sort.column !== "" && typeof sort.descending === "boolean") {
    view.sort = { column: sort.column, descending: sort.descending };
  }
  if (isText(s.text)) view.text = s.text;
  if (Array.isArray(s.statuses)) view.statuses = [...new Set(s.statuses.filter((v): v is RunSummary["status"] => typeof v === "string" && STATUSES.includes(v)))];
  if (Array.isArray(s.picked)) view.picked = [...new Set(s.picked.filter((k): k is string => isText(k) && k !== ""))];
  return view;
}

/** The picked runs still among `runs`, in the order picked (a run whose folder is gone is dropped). */
export function pickedStillListed(picked: readonly string[], runs: readonly ExperimentRun[]): string[] {
  const known = new Set(runs.map((r) => r.key));
  return picked.filter((k) => known.has(k));
}
