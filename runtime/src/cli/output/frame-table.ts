// Pure text for `gluepy preview`: a frame slice as a heading, its schema and an aligned table of its rows.

import type { FrameSlice } from "../../files/data/frame-slice";
import type { Palette } from "./palette";

/** Cells longer than this are cut, so one long text does not push every other column off the screen. */
const MAX_CELL = 40;

export function describeFrameSlice(file: string, format: string, slice: FrameSlice, p: Palette): string {
  const count = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
  const lines = [`${p.bold(file)}  ${format}, ${count(slice.totalRows, "row")}, ${count(slice.columns.length, "column")}`];
  if (slice.rows.length === 0) {
    lines.push(slice.columns.map((c) => `${c.name}: ${p.dim(c.type)}`).join("  "));
    lines.push(p.dim(slice.totalRows === 0 ? "(no rows)" : `(no rows from row ${slice.offset})`));
    return lines.join("\n");
  }
  const header = slice.columns.map((c) => c.name);
  const types = slice.columns.map((c) => c.type);
  const body = slice.rows.map((row) => row.map(cellText));
  const widths = header.map((h, i) => Math.max(h.length, types[i]!.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[], style = (s: string) => s) => cells.map((c, i) => style(c.padEnd(widths[i]!))).join("  ").trimEnd();
  lines.push(line(header, p.bold), line(types, p.dim), ...body.map((r) => line(r)));
  const first = slice.offset + 1;
  lines.push(p.dim(`rows ${first.toLocaleString("en-US")}–${(slice.offset + slice.rows.length).toLocaleString("en-US")} of ${slice.totalRows.toLocaleString("en-US")}`));
  return lines.join("\n");
}

function cellText(value: unknown): string {
  const text = value === null ? "null" : typeof value === "string" ? value : JSON.stringify(value);
  const flat = text.replace(/\s+/g, " ");
  return flat.length > MAX_CELL ? flat.slice(0, MAX_CELL - 1) + "…" : flat;
}
