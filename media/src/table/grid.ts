// The table preview's grid: a scroll area whose spacer has the table's size (scaled when too tall, see
// grid-window.ts) and, stuck to the view, one layer holding only what is in view: the column heads, and a
// row element per row in view (its number and its cells, one per column in view), reused as the view
// moves: scrolling moves rows and strips of cells, and only a row whose content changed is redrawn. Cells get
// text only (text nodes' data): they are file data.

import type { TableColumn } from "../../../shared/table-protocol";
import { columnEdges, columnWindow, followScroll, scrollTopForRow, type RowWindow, type ScrollAnchor } from "./grid-window";
import type { SortKey } from "./sort";

export const ROW_HEIGHT = 22;
const HEAD_HEIGHT = 38;
/** The longest cell text drawn (the whole value is in its tooltip, read from the row when hovered). */
const MAX_CELL_CHARS = 200;
/** A cell's padding and right border (table.css), and a pixel for the browser's text measuring differing
 * from the canvas's. */
const CELL_INSET = 6 + 6 + 1 + 1;

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

/** A value whole, for its cell's tooltip (cellText cuts long ones, and fitText the ones its column is too
 * narrow for). */
export function wholeText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return v;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return v.length > MAX_CELL_CHARS ? `${v.slice(0, MAX_CELL_CHARS)}…` : v;
  if (typeof v === "object") return JSON.stringify(v).slice(0, MAX_CELL_CHARS);
  return String(v);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Printable ASCII's widths in a font (px): its widest and narrowest character, and "…". */
export interface AsciiMetrics {
  widest: number;
  narrowest: number;
  ellipsis: number;
}

export function asciiMetrics(measure: (text: string) => number): AsciiMetrics {
  let widest = 0;
  let narrowest = Infinity;
  for (let c = 0x20; c <= 0x7e; c++) {
    const w = measure(String.fromCharCode(c));
    widest = Math.max(widest, w);
    narrowest = Math.min(narrowest, w);
  }
  return { widest, narrowest, ellipsis: measure("…") };
}

/** `text` cut to fit `width` px with an ellipsis (cells are not clipped by the browser: a clip per cell
 * makes every frame's compositing cost grow with the cells in view). */
export function fitText(text: string, width: number, measure: (text: string) => number, ascii?: AsciiMetrics): string {
  // Printable ASCII needs no measuring when it surely fits (its widest character's width per character:
  // kerning only narrows), nor, in a monospace font (the editor's), to be cut (a fast drag brings a view
  // of new cells every frame).
  if (ascii && PRINTABLE_ASCII.test(text)) {
    if (text.length * ascii.widest <= width) return text;
    if (ascii.widest === ascii.narrowest) return `${text.slice(0, Math.max(0, Math.floor((width - ascii.ellipsis) / ascii.widest)))}…`;
  }
  if (measure(text) <= width) return text;
  // The longest start that fits with its "…".
  let lo = 0;
  let hi = text.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(`${text.slice(0, mid)}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/** One row drawn: its element (placed at its row's place in the scroll area), its number (in the column of
 * numbers that stays at the left), and its cells by column (only the columns in view; a cell keeps its
 * element and text while its column stays in view). */
class RowView {
  readonly el = document.createElement("div");
  readonly number = document.createElement("div");
  /** Before the first cell: as wide as the row numbers and the columns left of the view. */
  readonly pad = document.createElement("div");
  readonly cells = new Map<number, HTMLDivElement>();
  /** Cell elements of columns that left the view, for the columns that come in. */
  readonly spare: HTMLDivElement[] = [];
  /** What the cells show: "row|loaded|grid version"; and the row's y in the scroll area. */
  shows = "";
  /** The grid version the cells were placed for. */
  placed = NaN;
  y = NaN;

  constructor(rows: HTMLElement, numbers: HTMLElement) {
    this.el.className = "row";
    this.pad.className = "row-pad";
    this.el.append(this.pad);
    this.number.className = "row-number";
    this.number.append(document.createTextNode(""));
    rows.append(this.el);
    numbers.append(this.number);
  }
}

/** Rows drawn above and below the view, so a wheel or trackpad scroll the browser makes before the grid's
 * next drawing shows rows, not a gap. */
const OVERSCAN_ROWS = 4;

export class TableGrid {
  private columns: TableColumn[] = [];
  private edges: number[] = [0];
  private rows: GridRows = { count: 0, cells: () => undefined, fileRow: (r) => r };
  private sort: SortKey | undefined;
  private rowNumberWidth = 48;
  private measure: MeasureText = (text) => text.length * 8;
  private ascii: AsciiMetrics | undefined;
  /** Bumped when the columns, rows or sort change: every row view redraws. */
  private version = 0;
  /** The rows, in the scroll area: the browser scrolls them (see followScroll). */
  private readonly body: HTMLDivElement;
  /** The row numbers, kept at the left of the view when it scrolls sideways. */
  private readonly numbers: HTMLDivElement;
  private readonly views: RowView[] = [];
  private readonly heads: HTMLDivElement;
  private readonly headStrip: HTMLDivElement;
  private readonly headOf = new Map<number, HTMLElement>();
  private headsVersion = NaN;
  private readonly corner: HTMLDivElement;
  private frame = 0;
  private anchor: ScrollAnchor | undefined;
  private window: RowWindow = { contentHeight: 0, top: 0, first: 0, end: 0 };

  constructor(
    private readonly scroller: HTMLElement,
    private readonly spacer: HTMLElement,
    /** Stays at the top left of the view: the column heads and the corner. */
    private readonly layer: HTMLElement,
    /** Called after each drawing with the rows in view. */
    private readonly onView: (view: GridView) => void,
    onHeadClick: (column: number) => void,
  ) {
    this.body = document.createElement("div");
    this.body.className = "rows";
    this.numbers = document.createElement("div");
    this.numbers.className = "row-numbers";
    this.heads = document.createElement("div");
    this.heads.className = "heads";
    this.headStrip = document.createElement("div");
    this.headStrip.className = "head-strip";
    this.heads.append(this.headStrip);
    this.corner = document.createElement("div");
    this.corner.className = "corner";
    this.corner.textContent = "#";
    layer.append(this.heads, this.corner);
    // The numbers' column first: it takes no height, so the rows and numbers share the scroll area's y.
    spacer.prepend(this.numbers);
    spacer.append(this.body);
    scroller.addEventListener("scroll", () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(scroller);
    layer.addEventListener("click", (e) => {
      const head = (e.target as HTMLElement).closest<HTMLElement>(".column-head");
      if (head) onHeadClick(Number(head.dataset.col));
    });
    // The whole value of a cell as its tooltip, set when the pointer is on it (not for every cell drawn).
    this.body.addEventListener("mouseover", (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>(".cell");
      if (!cell) return;
      const row = Number(cell.closest<HTMLElement>(".row")?.dataset.row);
      const value = this.rows.cells(row)?.[Number(cell.dataset.col)];
      cell.title = cell.classList.contains("loading") ? "" : wholeText(value);
    });
  }

  /** The columns, each as wide as its name, its type and the longest of `sample`'s values in it (in the
   * fonts the page draws them with: the editor's font and size differ between themes and settings). */
  setColumns(columns: TableColumn[], sample: readonly (readonly unknown[])[]): void {
    const measure = (this.measure = this.textMeasure());
    this.ascii = asciiMetrics((t) => measure(t, "cell"));
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
    let font = "";
    return (text, as) => {
      if (!context) return text.length * 8;
      // Setting a canvas's font parses it, even when unchanged: cells are measured many at a time.
      if (font !== fonts[as]) context.font = font = fonts[as];
      return context.measureText(text).width;
    };
  }

  /** Shows `row` at the top of the view. */
  scrollToRow(row: number): void {
    this.scroller.scrollTop = scrollTopForRow(row, this.viewHeight(), this.rows.count, ROW_HEIGHT);
    // A jump: the next drawing takes the scroll bar's fraction, however short the move.
    this.anchor = undefined;
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
    const scrollLeft = this.scroller.scrollLeft;
    const viewWidth = Math.max(0, width - this.rowNumberWidth);
    const viewHeight = this.viewHeight();
    const total = this.edges[this.edges.length - 1]!;
    const followed = followScroll(this.anchor, this.scroller.scrollTop, viewHeight, this.rows.count, ROW_HEIGHT);
    this.anchor = followed.anchor;
    const rw = followed.window;
    const cw = columnWindow(scrollLeft, viewWidth, this.edges);
    this.window = rw;
    const px = (n: number): string => `${n}px`;
    setStyle(this.spacer, "width", px(this.rowNumberWidth + total));
    setStyle(this.spacer, "height", px(HEAD_HEIGHT + rw.contentHeight));
    // The scroll bar moves under the rows in view (they stay where they are on the screen).
    if (followed.rebaseTo !== undefined) this.scroller.scrollTop = followed.rebaseTo;
    setStyle(this.layer, "width", px(width));
    setStyle(this.heads, "left", px(this.rowNumberWidth));
    setStyle(this.corner, "width", px(this.rowNumberWidth));
    setStyle(this.numbers, "width", px(this.rowNumberWidth));
    setStyle(this.headStrip, "transform", `translateX(${-scrollLeft}px)`);
    this.drawHeads(cw);

    // Row r's y in the scroll area: where it shows in the view, plus the scroll position.
    const shift = HEAD_HEIGHT - (rw.top - this.anchor.scrollTop);
    const first = Math.max(0, rw.first - OVERSCAN_ROWS);
    const end = Math.min(this.rows.count, rw.end + OVERSCAN_ROWS);
    const most = Math.ceil(viewHeight / ROW_HEIGHT) + 1 + 2 * OVERSCAN_ROWS;
    while (this.views.length < most) this.views.push(new RowView(this.body, this.numbers));
    const slots = this.views.length;
    for (let k = 0; k < slots; k++) {
      const view = this.views[k]!;
      // Row r is drawn by view r mod slots: a row that stays in view keeps its element.
      const r = first + ((((k - first) % slots) + slots) % slots);
      const hidden = r >= end || rw.end <= rw.first;
      if (view.el.hidden !== hidden) view.el.hidden = view.number.hidden = hidden;
      if (hidden) continue;
      const y = r * ROW_HEIGHT + shift;
      if (view.y !== y) {
        view.y = y;
        view.el.style.top = view.number.style.top = `${y}px`;
      }
      setStyle(view.number, "width", px(this.rowNumberWidth));
      this.drawRow(view, r, cw);
    }
    const drawn = rw.end > rw.first ? end - first : 0;

    document.body.dataset.rowsShown = rw.end > rw.first ? `${rw.first}-${rw.end - 1}` : "";
    document.body.dataset.rowsDrawn = drawn > 0 ? `${first}-${end - 1}` : "";
    document.body.dataset.columnsShown = cw.end > cw.first ? `${cw.first}-${cw.end - 1}` : "";
    this.onView({ first: rw.first, end: rw.end });
    // Its time in the browser's performance timeline (devtools, and the scrolling benchmark read it).
    performance.measure("gluepy-table-draw", { start: started });
  }

  /** Draws row r's number and its cells of the columns in view; a cell's text is set only when its row,
   * its data or its column changed. */
  private drawRow(view: RowView, r: number, cw: { first: number; end: number }): void {
    const cells = this.rows.cells(r);
    const shows = `${r}|${cells ? 1 : 0}|${this.version}`;
    const changed = view.shows !== shows;
    if (changed) {
      view.shows = shows;
      view.el.dataset.row = view.number.dataset.row = String(r);
      (view.number.firstChild as Text).data = String(this.rows.fileRow(r) + 1);
    }
    // New columns or a new row-number width move every cell; else only those taken for another column.
    const replace = view.placed !== this.version;
    view.placed = this.version;
    for (const [c, e] of view.cells) {
      if (c >= cw.first && c < cw.end && this.edges[c + 1] !== undefined) continue;
      view.cells.delete(c);
      view.spare.push(e);
    }
    for (let c = cw.first; c < cw.end; c++) {
      let e = view.cells.get(c);
      if (e && !changed && !replace) continue;
      const taken = !e;
      if (!e) {
        // A cell that left the view is reused as it is (hiding and showing it again is a style change).
        e = view.spare.pop() ?? newCell(view.el);
        if (e.hidden) e.hidden = false;
        e.dataset.col = String(c);
        view.cells.set(c, e);
      }
      const width = this.edges[c + 1]! - this.edges[c]!;
      if (taken || replace) {
        e.style.order = String(c);
        e.style.width = `${width}px`;
      }
      const v = cells?.[c];
      const className = !cells ? "cell loading" : v === null || v === undefined ? "cell null" : typeof v === "number" ? "cell num" : "cell";
      if (e.className !== className) e.className = className;
      const text = cells ? fitText(cellText(v), width - CELL_INSET, (t) => this.measure(t, "cell"), this.ascii) : "…";
      // The cell's one text node changes its data: no node made per value.
      const node = e.firstChild as Text;
      if (node.data !== text) node.data = text;
      if (e.title) e.removeAttribute("title");
    }
    for (const e of view.spare) if (!e.hidden) e.hidden = true;
    setStyle(view.pad, "width", `${this.rowNumberWidth + (this.edges[cw.first] ?? 0)}px`);
  }

  /** The heads of the columns in view: a head stays while its column is in view (a scroll across the
   * columns adds and removes a few); new columns or a new sort make them all again. */
  private drawHeads(cw: { first: number; end: number }): void {
    if (this.headsVersion !== this.version) {
      this.headsVersion = this.version;
      this.headOf.clear();
      this.headStrip.replaceChildren();
    }
    for (const [c, e] of this.headOf) {
      if (c >= cw.first && c < cw.end) continue;
      e.remove();
      this.headOf.delete(c);
    }
    for (let c = cw.first; c < cw.end; c++) {
      if (this.headOf.has(c)) continue;
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
      this.headStrip.append(e);
      this.headOf.set(c, e);
    }
  }
}

function newCell(row: HTMLElement): HTMLDivElement {
  const e = document.createElement("div");
  e.append(document.createTextNode(""));
  return row.appendChild(e);
}

/** Sets a style property only when it changes (a write invalidates the page's styles even when equal). */
function setStyle(e: HTMLElement, property: "width" | "height" | "left" | "transform" | "order", value: string): void {
  if (e.style[property] !== value) e.style[property] = value;
}
