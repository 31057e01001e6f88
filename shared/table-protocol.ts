// Messages between the extension and the table preview page (media/src/table/), both directions, the
// validator the extension runs on what the page posts, and the check of `gluepy preview --json`'s output.
//
// What the extension (client/src/table-preview.ts) must do:
//  - Page: `renderTableHtml` (client/src/table-page-html.ts) with asWebviewUri of dist/media/table.js and
//    media/table.css, a fresh nonce; `enableScripts: true`; `localResourceRoots`: [dist/media, media].
//  - Answer each `fetch-rows` with `rows` (the slice `gluepy preview <file> --offset K --rows N --json`
//    printed) or `rows-error` (its message: a refused path, a malformed file, an untrusted workspace), with
//    the request's id. The page asks for pages as the user scrolls, at most a few at once; `cancel` says a
//    request is no longer wanted (stop its process; no answer is needed).
//  - What tests can read in the page: `.row[data-row]` (rows in view; hidden ones are spare) holding a
//    `.row-number` and `.cell[data-col]` (only the columns in view), `.column-head[data-col]` (with
//    `aria-sort`), `#status` (row count, sort, errors), and on <body> `data-rows-shown` and
//    `data-columns-shown` ("first-last" in view, 0-based) and `data-pages-loaded`.

import { requestId, validateMessage, when, type Field } from "./webview-protocol";

export interface TableColumn {
  name: string;
  /** The polars data type, as `gluepy preview` names it: `Int64`, `String`, `Datetime(ms)`... */
  type: string;
}

/** `gluepy preview --json`'s fields the page needs (docs/cli.md). */
export interface TableSlice {
  columns: TableColumn[];
  totalRows: number;
  /** The index of `rows[0]` in the file (0-based). */
  offset: number;
  /** Each row's cells in the order of `columns`: JSON values (numbers, strings, booleans, null). */
  rows: unknown[][];
}

export type ExtensionToTable =
  /** The answer to `fetch-rows` of the same id. */
  | { type: "rows"; id: number; slice: TableSlice }
  | { type: "rows-error"; id: number; message: string };

export type TableToExtension =
  | { type: "ready" }
  /** Rows `offset` to `offset + rows` of the file (a page); `rows` at most MAX_PAGE_ROWS. */
  | { type: "fetch-rows"; id: number; offset: number; rows: number }
  /** The page no longer needs the answer to request `id` (the user scrolled away). */
  | { type: "cancel"; id: number };

/** Most rows the page may ask for at once: a page is a screenful or a few, never the whole file. */
export const MAX_PAGE_ROWS = 1000;

const SHAPES: Record<TableToExtension["type"], Record<string, Field>> = {
  ready: {},
  "fetch-rows": { id: requestId, offset: requestId, rows: when((v) => Number.isSafeInteger(v) && (v as number) > 0 && (v as number) <= MAX_PAGE_ROWS) },
  cancel: { id: requestId },
};

/** A message from the table page, checked and copied to exactly its known fields; undefined when malformed. */
export function validateTableMessage(value: unknown): TableToExtension | undefined {
  return validateMessage<TableToExtension>(SHAPES, value);
}

/** `gluepy preview --json`'s last line as a TableSlice; undefined when it is not one. */
export function parsePreviewOutput(stdout: string): TableSlice | undefined {
  let value: unknown;
  try {
    value = JSON.parse(stdout.trim().split("\n").pop() ?? "");
  } catch {
    return undefined;
  }
  const slice = value as Partial<TableSlice> | null;
  if (!slice || !Array.isArray(slice.columns) || !Array.isArray(slice.rows)) return undefined;
  if (!Number.isSafeInteger(slice.totalRows) || !Number.isSafeInteger(slice.offset)) return undefined;
  const columns = slice.columns.filter((c): c is TableColumn => !!c && typeof c.name === "string" && typeof c.type === "string");
  if (columns.length !== slice.columns.length || !slice.rows.every(Array.isArray)) return undefined;
  return { columns, totalRows: slice.totalRows!, offset: slice.offset!, rows: slice.rows };
}
