// The Experiments table in the DOM: a header per column (click to sort; aria-sort says how), a row per
// run with a checkbox to pick it. Rows are drawn in one pass from the pure model (columns.ts, table-order.ts).

import type { ExperimentRun } from "../../../shared/experiments-protocol";
import { cellText, type Column } from "./columns";
import type { TableOrder } from "./table-order";

export interface TableEvents {
  sortBy(column: string): void;
  togglePick(key: string, picked: boolean): void;
  /** A double click on a row: show that run in the graph. */
  open(key: string): void;
}

export class RunsTable {
  private readonly head: HTMLTableSectionElement;
  private readonly body: HTMLTableSectionElement;

  constructor(table: HTMLTableElement, events: TableEvents) {
    this.head = table.createTHead();
    this.body = table.createTBody();
    this.head.addEventListener("click", (e) => {
      const th = (e.target as Element).closest("th[data-column]");
      if (th) events.sortBy(th.getAttribute("data-column")!);
    });
    this.body.addEventListener("change", (e) => {
      const box = e.target as HTMLInputElement;
      const key = box.closest("tr")?.dataset.key;
      if (key !== undefined) events.togglePick(key, box.checked);
    });
    this.body.addEventListener("dblclick", (e) => {
      const key = (e.target as Element).closest("tr")?.dataset.key;
      if (key !== undefined && !(e.target as Element).matches("input")) events.open(key);
    });
  }

  draw(columns: readonly Column[], rows: readonly ExperimentRun[], order: TableOrder, picked: readonly string[]): void {
    const headRow = document.createElement("tr");
    headRow.append(Object.assign(document.createElement("th"), { className: "pick", textContent: "" }));
    for (const column of columns) {
      const th = document.createElement("th");
      th.dataset.column = column.id;
      th.className = column.kind;
      th.textContent = column.title;
      th.title = `${column.kind === "metric" ? "Metric" : column.kind === "param" ? "Param (differs between runs)" : column.title}: click to sort`;
      th.setAttribute("aria-sort", order.sort.column === column.id ? (order.sort.descending ? "descending" : "ascending") : "none");
      headRow.append(th);
    }
    this.head.replaceChildren(headRow);

    const pickedSet = new Set(picked);
    const fragment = document.createDocumentFragment();
    for (const row of rows) {
      const tr = document.createElement("tr");
      tr.dataset.key = row.key;
      tr.dataset.status = row.run.status;
      const pickCell = document.createElement("td");
      pickCell.className = "pick";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = pickedSet.has(row.key);
      box.setAttribute("aria-label", `Pick run ${row.run.runId}`);
      pickCell.append(box);
      tr.append(pickCell);
      if (box.checked) tr.classList.add("picked");
      for (const column of columns) {
        const td = document.createElement("td");
        td.className = column.kind;
        td.textContent = cellText(row, column);
        if (column.kind === "status") td.classList.add(`status-${row.run.status}`);
        if (column.kind === "run") td.title = `${row.project}: ${row.run.runFolder}`;
        tr.append(td);
      }
      fragment.append(tr);
    }
    this.body.replaceChildren(fragment);
  }
}
