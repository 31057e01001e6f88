// The Experiments table in the DOM: a header per column (click to sort; aria-sort says how), a row per
// run with a checkbox to pick it. Only the rows in view (and a screen's worth around them) are in the DOM:
// laying out every cell of 500 runs × 20 metrics took seconds; column widths come from every row's text,
// so they do not change as the table scrolls.

import type { ExperimentRun } from "../../../shared/experiments-protocol";
import { cellText, type Column } from "./columns";
import type { TableOrder } from "./table-order";

export interface TableEvents {
  sortBy(column: string): void;
  togglePick(key: string, picked: boolean): void;
  /** A double click on a row: show that run in the graph. */
  open(key: string): void;
}

/** A row's height in px; experiments.css gives `.runs tbody td` the same. */
const ROW_PX = 22;

export class RunsTable {
  private readonly colgroup = document.createElement("colgroup");
  private readonly head: HTMLTableSectionElement;
  private readonly body: HTMLTableSectionElement;
  private columns: readonly Column[] = [];
  private rows: readonly ExperimentRun[] = [];
  private picked = new Set<string>();
  /** The first and last (exclusive) row in the DOM now. */
  private shown = { from: 0, to: 0 };
  private scrollFrame = 0;

  /** `scroller`: the element the table scrolls in. */
  constructor(private readonly table: HTMLTableElement, private readonly scroller: HTMLElement, events: TableEvents) {
    table.append(this.colgroup);
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
    // Scrolled, or resized (the panel, or picking runs shrinks the table): other rows come into view.
    const repaint = () => {
      cancelAnimationFrame(this.scrollFrame);
      this.scrollFrame = requestAnimationFrame(() => this.paintRows(false));
    };
    scroller.addEventListener("scroll", repaint);
    new ResizeObserver(repaint).observe(scroller);
  }

  draw(columns: readonly Column[], rows: readonly ExperimentRun[], order: TableOrder, picked: readonly string[]): void {
    this.columns = columns;
    this.rows = rows;
    this.picked = new Set(picked);
    const texts = rows.map((row) => columns.map((c) => cellText(row, c)));
    const widths = columns.map((c, i) => Math.max(c.title.length + 2, ...texts.map((t) => t[i]!.length)));
    const pickCol = document.createElement("col");
    pickCol.style.width = "2.5em";
    // Digits and letters average under 1ch in the UI font; 16 px is the cell's padding.
    const chars = widths.map((w) => Math.min(w, 48));
    this.colgroup.replaceChildren(
      pickCol,
      ...chars.map((w) => {
        const col = document.createElement("col");
        col.style.width = `calc(${w}ch + 16px)`;
        return col;
      }),
    );
    // A set width makes the layout truly fixed: the browser then sizes no cell by its content.
    this.table.style.width = `calc(2.5em + ${chars.reduce((a, b) => a + b, 0)}ch + ${16 * chars.length}px)`;
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
    this.paintRows(true);
  }

  /** Puts the rows in view (and half a screen above and below) in the DOM, spacers standing for the others. */
  private paintRows(always: boolean): void {
    const screen = Math.max(1, Math.ceil(this.scroller.clientHeight / ROW_PX));
    const first = Math.floor(this.scroller.scrollTop / ROW_PX);
    const margin = Math.ceil(screen / 2);
    const from = Math.max(0, first - margin);
    const to = Math.min(this.rows.length, first + screen + margin);
    if (!always && from === this.shown.from && to === this.shown.to) return;
    this.shown = { from, to };
    const fragment = document.createDocumentFragment();
    fragment.append(this.spacer(from));
    for (const row of this.rows.slice(from, to)) fragment.append(this.rowElement(row));
    fragment.append(this.spacer(this.rows.length - to));
    this.body.replaceChildren(fragment);
  }

  private spacer(rows: number): HTMLTableRowElement {
    const tr = document.createElement("tr");
    tr.className = "spacer";
    tr.setAttribute("aria-hidden", "true");
    tr.style.height = `${rows * ROW_PX}px`;
    return tr;
  }

  private rowElement(row: ExperimentRun): HTMLTableRowElement {
    const tr = document.createElement("tr");
    tr.dataset.key = row.key;
    tr.dataset.status = row.run.status;
    const pickCell = document.createElement("td");
    pickCell.className = "pick";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = this.picked.has(row.key);
    box.setAttribute("aria-label", `Pick run ${row.run.runId}`);
    pickCell.append(box);
    tr.append(pickCell);
    if (box.checked) tr.classList.add("picked");
    for (const column of this.columns) {
      const td = document.createElement("td");
      td.className = column.kind;
      td.textContent = cellText(row, column);
      if (column.kind === "status") td.classList.add(`status-${row.run.status}`);
      if (column.kind === "run") td.title = `${row.project}: ${row.run.runFolder}`;
      tr.append(td);
    }
    return tr;
  }
}
