// The table preview's grid: a scroll area whose spacer has the table's size (scaled when too tall, see
// grid-window.ts) and, stuck to the view, one layer holding only what is in view: the column heads, and a
// row element per row in view (its number and its cells, one per column in view), reused as the view
// moves: scrolling moves rows and strips of cells, and only a row whose content changed is redrawn. Cells get
// textContent only: they are file data.

import type { TableColumn } from "../../../shared/table-protocol";
import { columnEdges, columnWindow, rowWindow, scrollTopForRow, type RowWindow } from "./grid-window";
import type { SortKey } from "./sort";

export const ROW_HEIGHT = 22;
const HEAD_HEIGHT = 38;
/** The longest cell text drawn (the whole value is in its tooltip, read from the row when hovered). */
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

/** How wide a text is drawn, in px: as a cell, or as a column head's name or type. */
export type MeasureText = (text: string, as: "cell" | "name" | "type") => number;

/** A column's width: its name, its type and the longest of some of its values (cut at 40 characters), with
 * the cells' padding, between 64 and 360 px. */
export function columnWidth(column: TableColumn, sample: readonly unknown[], measure: MeasureText): number {
  let widest = Math.max(measure(column.name + " ↓", "name"), measure(column.type, "type"));
  for (const v of sample) widest = Math.max(widest, measure(cellText(v).slice(0, 40), "cell"));
  return Math.round(Math.min(360, Math.max(64, widest + 16)));
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return v.length > MAX_CELL_CHARS ? `${v.slice(0, MAX_CELL_CHARS)}…` : v;
  if (typeof v === "object") return JSON.stringify(v).slice(0, MAX_CELL_CHARS);
  return String(v);
}

/** One row of the view: its element (moved to its row's place), its number, and its cells (one per column
 * in view, redrawn only when its row, the columns in view or its data change). */
class RowView {
  readonly el = document.createElement("div");
  readonly number = document.createElement("div");
  /** The cells, moved sideways as one when the view scrolls horizontally. */
  readonly strip = document.createElement("div");
  readonly cells: HTMLDivElement[] = [];
  /** What is drawn: "row|loaded|first column|end column|grid version", and the row's y. */
  drawn = "";
  y = NaN;

  constructor(parent: HTMLElement) {
    this.el.className = "row";
    this.number.className = "row-number";
    this.strip.className = "row-cells";
    this.el.append(this.strip, this.number);
    parent.append(this.el);
  }
}

export class TableGrid {
  private columns: TableColumn[] = [];
  private edges: number[] = [0];
  private rows: GridRows = { count: 0, cells: () => undefined, fileRow: (r) => r };
  private sort: SortKey | undefined;
  private rowNumberWidth = 48;
  /** Bumped when the columns, rows or sort change: every row view redraws. */
  private version = 0;
  private readonly body: HTMLDivElement;
  private readonly views: RowView[] = [];
  private readonly heads: HTMLDivElement;
  private readonly headStrip: HTMLDivElement;
  private headsDrawn = "";
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
    this.body = document.createElement("div");
    this.body.className = "rows";
    this.heads = document.createElement("div");
    this.heads.className = "heads";
    this.headStrip = document.createElement("div");
    this.headStrip.className = "head-strip";
    this.heads.append(this.headStrip);
    this.corner = document.createElement("div");
    this.corner.className = "corner";
    this.corner.textContent = "#";
    layer.append(this.body, this.heads, this.corner);
    scroller.addEventListener("scroll", () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(scroller);
    layer.addEventListener("click", (e) => {
      const head = (e.target as HTMLElement).closest<HTMLElement>(".column-head");
      if (head) onHeadClick(Number(head.dataset.col));
    });
    // The whole value of a cell as its tooltip, set when the pointer is on it (not for every cell drawn).
    layer.addEventListener("mouseover", (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>(".cell");
      if (!cell) return;
      const row = Number(cell.closest<HTMLElement>(".row")?.dataset.row);
      const value = this.rows.cells(row)?.[Number(cell.dataset.col)];
      cell.title = typeof value === "string" ? value : (cell.textContent ?? "");
    });
  }

  /** The columns, each as wide as its name, its type and the longest of `sample`'s values in it (in the
   * fonts the page draws them with: the editor's font and size differ between themes and settings). */
  setColumns(columns: TableColumn[], sample: readonly (readonly unknown[])[]): void {
    const measure = this.textMeasure();
    this.columns = columns;
    this.edges = columnEdges(columns.map((c, i) => columnWidth(c, sample.map((r) => r[i]), measure)));
    this.version++;
    this.schedule();
  }

  setRows(rows: GridRows, sort: SortKey | undefined): void {
    this.rows = rows;
    this.sort = sort;
    // Wide enough for the biggest row number.
    this.rowNumberWidth = Math.max(48, String(Math.max(0, rows.fileRow(rows.count - 1))).length * 8 + 20);
    this.version++;
    this.schedule();
  }

  private textMeasure(): MeasureText {
    const context = document.createElement("canvas").getContext("2d");
    const fonts: Record<"cell" | "name" | "type", string> = { cell: "", name: "", type: "" };
    const probe = (className: string, inner?: string): string => {
      const e = document.createElement("div");
      e.className = className;
      e.style.visibility = "hidden";
      const target = inner ? e.appendChild(Object.assign(document.createElement("span"), { className: inner })) : e;
      this.layer.append(e);
      const font = getComputedStyle(target).font;
      e.remove();
      return font;
    };
    fonts.cell = probe("cell");
    fonts.name = probe("column-head", "name");
    fonts.type = probe("column-head", "type");
    return (text, as) => {
      if (!context) return text.length * 8;
      context.font = fonts[as];
      return context.measureText(text).width;
    };
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
    const started = performance.now();
    const width = this.scroller.clientWidth;
    const height = this.scroller.clientHeight;
    const scrollLeft = this.scroller.scrollLeft;
    const viewWidth = Math.max(0, width - this.rowNumberWidth);
    const viewHeight = this.viewHeight();
    const total = this.edges[this.edges.length - 1]!;
    const rw = rowWindow(this.scroller.scrollTop, viewHeight, this.rows.count, ROW_HEIGHT);
    const cw = columnWindow(scrollLeft, viewWidth, this.edges);
    this.window = rw;
    const px = (n: number): string => `${n}px`;
    setStyle(this.spacer, "width", px(this.rowNumberWidth + total));
    setStyle(this.spacer, "height", px(HEAD_HEIGHT + rw.contentHeight));
    setStyle(this.layer, "width", px(width));
    setStyle(this.layer, "height", px(height));
    setStyle(this.body, "height", px(viewHeight));
    setStyle(this.heads, "left", px(this.rowNumberWidth));
    setStyle(this.corner, "width", px(this.rowNumberWidth));
    const shift = `translateX(${-scrollLeft}px)`;
    setStyle(this.headStrip, "transform", shift);
    this.drawHeads(cw);

    const shown = rw.end - rw.first;
    while (this.views.length < shown) this.views.push(new RowView(this.body));
    for (let k = 0; k < this.views.length; k++) {
      const view = this.views[k]!;
      view.el.hidden = k >= shown;
      if (k >= shown) continue;
      const r = rw.first + k;
      const y = r * ROW_HEIGHT - rw.top;
      if (view.y !== y) {
        view.y = y;
        view.el.style.transform = `translateY(${y}px)`;
      }
      setStyle(view.strip, "transform", shift);
      setStyle(view.strip, "left", px(this.rowNumberWidth));
      setStyle(view.number, "width", px(this.rowNumberWidth));
      const cells = this.rows.cells(r);
      const drawn = `${r}|${cells ? 1 : 0}|${cw.first}|${cw.end}|${this.version}`;
      if (view.drawn === drawn) continue;
      view.drawn = drawn;
      view.el.dataset.row = String(r);
      view.number.textContent = String(this.rows.fileRow(r) + 1);
      this.drawCells(view, cells, cw);
    }

    document.body.dataset.rowsShown = shown > 0 ? `${rw.first}-${rw.end - 1}` : "";
    document.body.dataset.columnsShown = cw.end > cw.first ? `${cw.first}-${cw.end - 1}` : "";
    this.onView({ first: rw.first, end: rw.end });
    // Its time in the browser's performance timeline (devtools, and the scrolling benchmark read it).
    performance.measure("gluepy-table-draw", { start: started });
  }

  private drawCells(view: RowView, cells: readonly unknown[] | undefined, cw: { first: number; end: number }): void {
    const count = cw.end - cw.first;
    while (view.cells.length < count) {
      const cell = document.createElement("div");
      view.cells.push(cell);
      view.strip.append(cell);
    }
    for (let k = 0; k < view.cells.length; k++) {
      const e = view.cells[k]!;
      e.hidden = k >= count;
      if (k >= count) continue;
      const c = cw.first + k;
      const v = cells?.[c];
      e.className = !cells ? "cell loading" : v === null || v === undefined ? "cell null" : typeof v === "number" ? "cell num" : "cell";
      e.textContent = cells ? cellText(v) : "…";
      e.removeAttribute("title");
      if (e.dataset.col !== String(c)) {
        e.dataset.col = String(c);
        e.style.transform = `translateX(${this.edges[c]!}px)`;
        e.style.width = `${this.edges[c + 1]! - this.edges[c]!}px`;
      }
    }
  }

  private drawHeads(cw: { first: number; end: number }): void {
    const drawn = `${cw.first}|${cw.end}|${this.version}`;
    if (this.headsDrawn === drawn) return;
    this.headsDrawn = drawn;
    const heads: HTMLElement[] = [];
    for (let c = cw.first; c < cw.end; c++) {
      const column = this.columns[c]!;
      const sorted = this.sort?.column === c ? this.sort.direction : undefined;
      const e = document.createElement("div");
      e.className = "column-head";
      e.dataset.col = String(c);
      e.setAttribute("aria-sort", sorted ?? "none");
      e.title = `${column.name} (${column.type}): click to sort`;
      e.style.transform = `translateX(${this.edges[c]!}px)`;
      e.style.width = `${this.edges[c + 1]! - this.edges[c]!}px`;
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = `${column.name}${sorted === "ascending" ? " ↑" : sorted === "descending" ? " ↓" : ""}`;
      const type = document.createElement("span");
      type.className = "type";
      type.textContent = column.type;
      e.append(name, type);
      heads.push(e);
    }
    this.headStrip.replaceChildren(...heads);
  }
}

/** Sets a style property only when it changes (a write invalidates the page's styles even when equal). */
function setStyle(e: HTMLElement, property: "width" | "height" | "left" | "transform", value: string): void {
  if (e.style[property] !== value) e.style[property] = value;
}
