// The Experiments page's entry (dist/media/experiments.js): the runs the extension sends as a table with a
// column per metric and per differing param, sorted and filtered here, and what the picked runs compare
// (shared/experiments-protocol.ts for the messages). The sort, filters and picks survive a reload
// (page-state.ts).

import type { ExperimentRun, ExperimentsToExtension, ExtensionToExperiments } from "../../../shared/experiments-protocol";
import type { RunSummary } from "../../../shared/run-summary";
import { columnsOf, type Column } from "./columns";
import { pickedStillListed, restoredView, type ExperimentsView } from "./page-state";
import { PickedView } from "./picked-view";
import { RunsTable } from "./runs-table";
import { visibleRows, type TableOrder } from "./table-order";

// The state read back is whatever was saved before (an older page may have saved another shape): unknown.
declare function acquireVsCodeApi(): { postMessage(message: ExperimentsToExtension): void; getState(): unknown; setState(state: ExperimentsView): void };
const vscode = acquireVsCodeApi();
const post = (message: ExperimentsToExtension): void => vscode.postMessage(message);
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const restored = restoredView(vscode.getState());
let runs: ExperimentRun[] = [];
let columns: Column[] = [];
/** Keys of the picked runs, in the order picked: the first is the baseline of the comparison. */
let picked: string[] = restored.picked;
const statusBoxes = [...byId("status-filter").querySelectorAll<HTMLInputElement>("input[type=checkbox]")];
const order: TableOrder & { statuses: Set<RunSummary["status"]> } = {
  sort: restored.sort,
  text: restored.text,
  // Only statuses the page offers a box for: a filter the user cannot see would hide runs for no reason.
  statuses: new Set(restored.statuses.filter((s) => statusBoxes.some((b) => b.value === s))),
};
byId<HTMLInputElement>("filter").value = order.text;
for (const box of statusBoxes) box.checked = order.statuses.has(box.value as RunSummary["status"]);

function saveView(): void {
  vscode.setState({ sort: order.sort, text: order.text, statuses: [...order.statuses], picked });
}

const table = new RunsTable(byId<HTMLTableElement>("runs"), byId("table-wrap"), {
  sortBy(column) {
    order.sort = { column, descending: order.sort.column === column ? !order.sort.descending : column !== "run" && column !== "status" };
    drawTable();
  },
  togglePick(key, on) {
    picked = on ? [...picked.filter((k) => k !== key), key] : picked.filter((k) => k !== key);
    // The comparison first: it sets how tall the table is, and so how many rows it draws.
    drawPicked();
    drawTable();
  },
  open(key) {
    post({ type: "show-run", key });
  },
});
const pickedView = new PickedView(byId("picked"), post);

/** Every change of the view (sort, filter, picks, a new listing) ends here, so the view is saved here for a reload. */
function drawTable(): void {
  saveView();
  const rows = visibleRows(runs, columns, order);
  table.draw(columns, rows, order, picked);
  byId("count").textContent = rows.length === runs.length ? `${runs.length} runs` : `${rows.length} of ${runs.length} runs`;
  byId("empty").hidden = runs.length > 0;
}

function drawPicked(): void {
  const byKey = new Map(runs.map((r) => [r.key, r]));
  pickedView.draw(picked.map((k) => byKey.get(k)!));
}

byId<HTMLInputElement>("filter").addEventListener("input", (e) => {
  order.text = (e.target as HTMLInputElement).value;
  drawTable();
});
byId("status-filter").addEventListener("change", (e) => {
  const box = e.target as HTMLInputElement;
  const status = box.value as RunSummary["status"];
  if (box.checked) order.statuses.add(status);
  else order.statuses.delete(status);
  drawTable();
});

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const message = event.data as ExtensionToExperiments | null;
  if (message?.type !== "runs") return;
  const received = performance.now();
  runs = message.runs;
  columns = columnsOf(runs);
  picked = pickedStillListed(picked, runs);
  const problems = byId("problems");
  problems.textContent = message.problems.join("\n");
  problems.hidden = message.problems.length === 0;
  drawPicked();
  drawTable();
  document.body.dataset.runsShown = String(runs.length);
  // From the message to the first frame painted with it (two frames: the one drawn, then the next's start).
  requestAnimationFrame(() => requestAnimationFrame(() => (document.body.dataset.runsOnScreenMs = String(Math.round(performance.now() - received)))));
});

post({ type: "ready" });
