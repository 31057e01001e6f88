// The table preview page's entry (dist/media/table.js): a data file's schema, row count and rows in a
// virtualised grid, its pages of rows asked of the extension (which runs `gluepy preview`) as the user
// scrolls; a column head sorts the rows loaded around the view (shared/table-protocol.ts).

import type { ExtensionToTable, TableColumn, TableSlice, TableToExtension } from "../../../shared/table-protocol";
import { TableGrid, type GridRows } from "./grid";
import { pagesFor } from "./grid-window";
import { PageCache } from "./page-cache";
import { nextSort, sortedOrder, sortWindow, type SortKey } from "./sort";

declare function acquireVsCodeApi(): { postMessage(message: TableToExtension): void };

/** Rows per page asked of `gluepy preview`: a few screens. */
const PAGE_SIZE = 100;
/** Most rows a sort takes: a table this small is sorted whole, a bigger one around the view. */
const SORT_ROWS = 2000;
/** Pages kept: the sort window, the view and its read-ahead. */
const CACHED_PAGES = SORT_ROWS / PAGE_SIZE + 12;

const vscode = acquireVsCodeApi();
const post = (message: TableToExtension): void => vscode.postMessage(message);
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = byId<HTMLSpanElement>("status");
const messageBox = byId<HTMLDivElement>("message");
const retryButton = byId<HTMLButtonElement>("retry");
const clearSortButton = byId<HTMLButtonElement>("clear-sort");
const count = new Intl.NumberFormat("en-US");

/** Requests on their way to the extension, by id. */
const requests = new Map<number, { resolve(slice: TableSlice): void; reject(e: Error): void }>();
let nextId = 1;

function fetchRows(offset: number, rows: number, signal: AbortSignal): Promise<TableSlice> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    requests.set(id, { resolve, reject });
    signal.addEventListener("abort", () => {
      requests.delete(id);
      post({ type: "cancel", id });
      reject(new Error("cancelled"));
    });
    post({ type: "fetch-rows", id, offset, rows });
  });
}

let columns: TableColumn[] | undefined;
let totalRows = 0;
let pageError: string | undefined;
/** The sort, and the rows it took (`order`: their indices in sorted order, once all are loaded). */
let sorting: { key: SortKey; start: number; end: number; rows?: unknown[][]; order?: number[] } | undefined;

const cache = new PageCache({
  pageSize: PAGE_SIZE,
  capacity: CACHED_PAGES,
  maxInFlight: 2,
  fetch: fetchRows,
  onLoaded(page, slice) {
    if (!columns) showColumns(slice);
    totalRows = slice.totalRows;
    pageError = undefined;
    document.body.dataset.pagesLoaded = String(Number(document.body.dataset.pagesLoaded ?? 0) + 1);
    if (sorting && !sorting.order) trySort();
    if (page === 0 && !sorting) showRows();
    grid.schedule();
    say();
  },
  onError(_page, message) {
    pageError = message;
    say();
  },
});

const grid = new TableGrid(byId("scroller"), byId("spacer"), byId("layer"), (view) => {
  if (!columns) return;
  // The pages in view and one either side; while sorting, those the sort takes.
  const pages = sorting ? pagesFor(sorting.start, sorting.end, PAGE_SIZE, totalRows, 0) : pagesFor(view.first, view.end, PAGE_SIZE, totalRows);
  cache.want(pages);
  say();
}, (column) => setSort(nextSort(sorting?.key, column)));

function showColumns(slice: TableSlice): void {
  columns = slice.columns;
  grid.setColumns(columns, slice.rows.slice(0, 50));
}

/** The grid shows the file's rows in order. */
function showRows(): void {
  const rows: GridRows = {
    count: totalRows,
    cells: (r) => cache.rows(Math.floor(r / PAGE_SIZE))?.[r % PAGE_SIZE],
    fileRow: (r) => r,
  };
  grid.setRows(rows, undefined);
}

function setSort(key: SortKey | undefined): void {
  if (!key) {
    // Back to where the sort's rows start in the file.
    const start = sorting?.start ?? grid.view.first;
    sorting = undefined;
    showRows();
    grid.scrollToRow(start);
    say();
    return;
  }
  // Another column or direction over the same rows; else the rows around the view.
  const window = sorting ?? sortWindow(grid.view.first, totalRows, PAGE_SIZE, SORT_ROWS);
  sorting = { key, start: window.start, end: window.end };
  cache.want(pagesFor(sorting.start, sorting.end, PAGE_SIZE, totalRows, 0));
  trySort();
  say();
}

/** Sorts once every page of the sort's rows is here. */
function trySort(): void {
  if (!sorting) return;
  const rows: unknown[][] = [];
  for (let r = sorting.start; r < sorting.end; r += PAGE_SIZE) {
    const page = cache.rows(Math.floor(r / PAGE_SIZE));
    if (!page) return;
    rows.push(...page);
  }
  const taken = rows.slice(0, sorting.end - sorting.start);
  const order = sortedOrder(taken, sorting.key);
  const { start } = sorting;
  sorting = { ...sorting, rows: taken, order };
  grid.setRows({ count: order.length, cells: (r) => taken[order[r]!], fileRow: (r) => start + order[r]! }, sorting.key);
  grid.scrollToRow(0);
  say();
}

/** The status line: the row count and what is shown; a sort says which rows it took. */
function say(): void {
  if (!columns) {
    status.textContent = pageError ? "" : "Loading…";
  } else {
    const size = `${count.format(totalRows)} rows × ${count.format(columns.length)} columns`;
    const { first, end } = grid.view;
    if (!sorting) {
      status.textContent = end > first ? `${size} · rows ${count.format(first + 1)}–${count.format(end)}` : size;
    } else {
      const name = columns[sorting.key.column]?.name ?? "";
      const arrow = sorting.key.direction === "ascending" ? "↑" : "↓";
      const whole = sorting.start === 0 && sorting.end === totalRows;
      const which = whole ? `all ${count.format(totalRows)} rows` : `rows ${count.format(sorting.start + 1)}–${count.format(sorting.end)} of ${count.format(totalRows)} only (the rows loaded around the view; the file is not sorted)`;
      status.textContent = sorting.order ? `${size} · sorted by ${name} ${arrow}: ${which}` : `${size} · loading ${which} to sort by ${name}…`;
    }
  }
  clearSortButton.hidden = !sorting;
  messageBox.textContent = pageError ? `Cannot show this file: ${pageError}` : "";
  messageBox.hidden = !pageError;
  retryButton.hidden = !pageError;
}

window.addEventListener("message", (e: MessageEvent<ExtensionToTable>) => {
  const m = e.data;
  if (!m || (m.type !== "rows" && m.type !== "rows-error")) return;
  const request = requests.get(m.id);
  if (!request) return;
  requests.delete(m.id);
  if (m.type === "rows") request.resolve(m.slice);
  else request.reject(new Error(m.message));
});

retryButton.addEventListener("click", () => {
  pageError = undefined;
  cache.retry();
  cache.want(columns ? pagesFor(grid.view.first, grid.view.end, PAGE_SIZE, totalRows) : [0]);
  say();
});
clearSortButton.addEventListener("click", () => setSort(undefined));

post({ type: "ready" });
cache.want([0]);
say();
