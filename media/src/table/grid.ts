// The table preview's grid: a scroll area whose spacer has the table's size (scaled when too tall, see
// grid-window.ts) and, stuck to the view, one layer holding only the cells in view (rows × columns), the
// column heads and the row numbers, reused from a pool as the view moves. Cells get textContent only: they
// are file data.

import type { TableColumn } from "../../../shared/table-protocol";
import { columnEdges, columnWindow, rowWindow, scrollTopForRow, type RowWindow } from "./grid-window";
import type { SortKey } from "./sort";

export const ROW_HEIGHT = 22;
const HEAD_HEIGHT = 38;
/** The longest cell text drawn (the whole value is in its tooltip). */
const MAX_CELL_CHARS = 200;

/** What the grid draws: `rows` rows, each row's cells (undefined while its page is on its way) and number. */
export interface GridRows {
  count: number;
  cells(row: number): readonly unknown[] | undefined;
  /** The row's number in the file (0-based), shown in the row-number column. */
  fileRow(row: number): number;
}

export interface GridView {
  /** Rows in view, first and one past the last. */
  first: number;
  end: number;
}

/** A column's width from its name, type and some of its values (in characters, roughly 7 px each). */
export function columnWidth(column: TableColumn, sample: readonly unknown[]): number {
  let chars = Math.max(column.name.length, column.type.length);
  for (const v of sample) chars = Math.max(chars, Math.min(40, cellText(v).length));
  return Math.round(Math.min(320, Math.max(64, chars * 7.2 + 18)));
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return v.length > MAX_CELL_CHARS ? `${v.slice(0, MAX_CELL_CHARS)}…` : v;
  if (typeof v === "object") return JSON.stringify(v).slice(0, MAX_CELL_CHARS);
  return String(v);
}

/** A pool of absolutely positioned elements in the layer, reused from frame to frame. */
class Pool {
  private readonly items: HTMLDivElement[] = [];
  private used = 0;

  constructor(private readonly layer: HTMLElement) {}

  begin(): void {
    this.used = 0;
  }

  next(): HTMLDivElement {
    let e = this.items[this.used];
    if (!e) {
      e = document.createElement("div");
      this.items.push(e);
      this.layer.append(e);
    }
    e.hidden = false;
    this.used++;
    return e;
  }

  /** Hides what this frame did not use. */
  end(): void {
    for (let i = this.used; i < this.items.length; i++) this.items[i]!.hidden = true;
  }

  get count(): number {
    return this.used;
  }
}

export class TableGrid {
  private columns: TableColumn[] = [];
  private edges: number[] = [0];
  private rows: GridRows = { count: 0, cells: () => undefined, fileRow: (r) => r };
  private sort: SortKey | undefined;
  private rowNumberWidth = 48;
  private readonly cells: Pool;
  private readonly heads: Pool;
  private readonly numbers: Pool;
  private readonly corner: HTMLDivElement;
  private frame = 0;
  private window: RowWindow = { contentHeight: 0, top: 0, first: 0, end: 0 };

  constructor(
    private readonly scroller: HTMLElement,
    private readonly spacer: HTMLElement,
    private readonly layer: HTMLElement,
    /** Called after each drawing with the rows in view. */
    private readonly onView: (view: GridView) => void,
    onHeadClick: (column: number) => void,
  ) {
    this.cells = new Pool(layer);
    this.numbers = new Pool(layer);
    this.heads = new Pool(layer);
    this.corner = document.createElement("div");
    this.corner.className = "corner";
    this.corner.textContent = "#";
    layer.append(this.corner);
    scroller.addEventListener("scroll", () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(scroller);
    layer.addEventListener("click", (e) => {
      const head = (e.target as HTMLElement).closest<HTMLElement>(".column-head");
      if (head) onHeadClick(Number(head.dataset.col));
    });
    // The whole value of a cell as its tooltip, set when the pointer is on it (not for every cell drawn).
    layer.addEventListener("mouseover", (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>(".cell");
      if (cell) cell.title = cell.dataset.full ?? cell.textContent ?? "";
    });
  }

  setColumns(columns: TableColumn[], widths: number[]): void {
    this.columns = columns;
    this.edges = columnEdges(widths);
    this.schedule();
  }

  setRows(rows: GridRows, sort: SortKey | undefined): void {
    this.rows = rows;
    this.sort = sort;
    // Wide enough for the biggest row number.
    this.rowNumberWidth = Math.max(48, String(Math.max(0, rows.fileRow(rows.count - 1))).length * 8 + 20);
    this.schedule();
  }

  /** Shows `row` at the top of the view. */
  scrollToRow(row: number): void {
    this.scroller.scrollTop = scrollTopForRow(row, this.viewHeight(), this.rows.count, ROW_HEIGHT);
    this.schedule();
  }

  /** Redraws on the next frame (once however many scroll events come before it). */
  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  get view(): GridView {
    return { first: this.window.first, end: this.window.end };
  }

  private viewHeight(): number {
    return Math.max(0, this.scroller.clientHeight - HEAD_HEIGHT);
  }

  private draw(): void {
    const width = this.scroller.clientWidth;
    const height = this.scroller.clientHeight;
    const viewWidth = Math.max(0, width - this.rowNumberWidth);
    const viewHeight = this.viewHeight();
    const total = this.edges[this.edges.length - 1]!;
    const rw = rowWindow(this.scroller.scrollTop, viewHeight, this.rows.count, ROW_HEIGHT);
    this.window = rw;
    this.spacer.style.width = `${this.rowNumberWidth + total}px`;
    this.spacer.style.height = `${HEAD_HEIGHT + rw.contentHeight}px`;
    this.layer.style.width = `${width}px`;
    this.layer.style.height = `${height}px`;
    const scrollLeft = this.scroller.scrollLeft;
    const cw = columnWindow(scrollLeft, viewWidth, this.edges);
    const x = (c: number): number => this.rowNumberWidth + this.edges[c]! - scrollLeft;
    const y = (r: number): number => HEAD_HEIGHT + r * ROW_HEIGHT - rw.top;

    this.cells.begin();
    for (let r = rw.first; r < rw.end; r++) {
      const cells = this.rows.cells(r);
      for (let c = cw.first; c < cw.end; c++) {
        const e = this.cells.next();
        const v = cells?.[c];
        const text = cells ? cellText(v) : "…";
        const className = !cells ? "cell loading" : v === null || v === undefined ? "cell null" : typeof v === "number" ? "cell num" : "cell";
        if (e.textContent !== text) e.textContent = text;
        if (e.className !== className) e.className = className;
        e.dataset.row = String(r);
        e.dataset.col = String(c);
        if (typeof v === "string" && v.length > MAX_CELL_CHARS) e.dataset.full = v;
        else delete e.dataset.full;
        e.removeAttribute("title");
        e.style.transform = `translate(${x(c)}px, ${y(r)}px)`;
        e.style.width = `${this.edges[c + 1]! - this.edges[c]!}px`;
      }
    }
    this.cells.end();

    this.numbers.begin();
    for (let r = rw.first; r < rw.end; r++) {
      const e = this.numbers.next();
      e.className = "row-number";
      e.textContent = String(this.rows.fileRow(r) + 1);
      e.style.transform = `translate(0px, ${y(r)}px)`;
      e.style.width = `${this.rowNumberWidth}px`;
    }
    this.numbers.end();

    this.heads.begin();
    for (let c = cw.first; c < cw.end; c++) {
      const e = this.heads.next();
      const column = this.columns[c]!;
      const sorted = this.sort?.column === c ? this.sort.direction : undefined;
      e.style.transform = `translate(${x(c)}px, 0px)`;
      e.style.width = `${this.edges[c + 1]! - this.edges[c]!}px`;
      const key = `${c}:${sorted ?? ""}`;
      if (e.dataset.key === key) continue;
      e.dataset.key = key;
      e.className = "column-head";
      e.dataset.col = String(c);
      e.setAttribute("aria-sort", sorted ?? "none");
      e.title = `${column.name} (${column.type}): click to sort`;
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = `${column.name}${sorted === "ascending" ? " ↑" : sorted === "descending" ? " ↓" : ""}`;
      const type = document.createElement("span");
      type.className = "type";
      type.textContent = column.type;
      e.replaceChildren(name, type);
    }
    this.heads.end();
    this.corner.style.width = `${this.rowNumberWidth}px`;

    document.body.dataset.rowsShown = rw.end > rw.first ? `${rw.first}-${rw.end - 1}` : "";
    document.body.dataset.columnsShown = cw.end > cw.first ? `${cw.first}-${cw.end - 1}` : "";
    this.onView({ first: rw.first, end: rw.end });
  }
}
