// A slice of a data file for `gluepy preview`: its schema, its row count and the rows asked for, read with
// polars' lazy scans so that no more of the file is read than the slice needs: parquet reads the row
// groups holding the rows and takes the count from its footer; csv and jsonl read lines up to the last row
// asked for, and count rows in one pass that keeps no rows; a json array has no such shortcut and is parsed whole.

import { readFileSync } from "node:fs";
import { EXIT_USAGE } from "../../../../shared/exit-codes";
import type { DataFormat } from "./formats";
import type { DataFrame, PolarsModule } from "./polars";

export interface FrameColumn {
  name: string;
  /** The polars data type: `Int64`, `String`, `Datetime(ms)`... */
  type: string;
}

export interface FrameSlice {
  columns: FrameColumn[];
  totalRows: number;
  /** The index of the first row in `rows` (0-based). */
  offset: number;
  /** The rows, each an array of cell values in the order of `columns`, as JSON values. */
  rows: unknown[][];
}

/** A file that is not what its format says (or not readable as it): exit 2, with what to do. */
export class MalformedDataFileError extends Error {
  readonly exitCode = EXIT_USAGE;
  constructor(message: string) {
    super(message);
    this.name = "MalformedDataFileError";
  }
}

/** Rows `offset` to `offset + rows` of the data file at local path `file` (`label` names it in errors). */
export function readFrameSlice(pl: PolarsModule, file: string, format: DataFormat, range: { offset: number; rows: number }, label = file): FrameSlice {
  let slice: DataFrame;
  let totalRows: number;
  try {
    if (format === "json") {
      // Bytes, not the path: readJSON takes a string that is no existing .json path for JSON text.
      const whole = pl.readJSON(readFileSync(file), { format: "json" });
      slice = whole.slice(range.offset, range.rows);
      totalRows = whole.height;
    } else {
      // parseDates: the scan's name for what dataManager.read's readCSV calls tryParseDates (same types as a task sees).
      const scan = format === "parquet" ? pl.scanParquet(file) : format === "csv" ? pl.scanCSV(file, { parseDates: true }) : pl.scanJson(file);
      slice = scan.slice(range.offset, range.rows).collectSync();
      totalRows = Number(scan.select(pl.len().alias("rows")).collectSync().toRecords()[0]!.rows);
    }
  } catch (err) {
    throw new MalformedDataFileError(`Cannot read ${label} as ${format}: ${firstLine(err)}. Check that it is a ${format} file (or pass --format).`);
  }
  // columns and dtypes, not schema: polars builds `schema` column by column through its binding, ~20 ms for a few columns.
  const names = slice.columns;
  const dtypes = slice.dtypes;
  const columns = names.map((name, i) => ({ name, type: typeName(dtypes[i]) }));
  const rows = slice.toRecords().map((record) => names.map((name) => jsonValue(record[name])));
  return { columns, totalRows, offset: Math.min(range.offset, totalRows), rows };
}

/** "DataType(Datetime(ms,))" → "Datetime(ms)". */
function typeName(dtype: unknown): string {
  return String(dtype)
    .replace(/^DataType\((.*)\)$/, "$1")
    .replace(/,\)/g, ")");
}

/** A cell as JSON has it: 64-bit integers as numbers when exact (else strings), dates as ISO strings. */
export function jsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value && typeof value === "object" && !(value instanceof Uint8Array)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  return value ?? null;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0]!.replace(/[.\s]+$/, "");
}
