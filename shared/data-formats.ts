// The data formats Gluepy reads and writes, by file extension: one table for the runtime (dataManager,
// `gluepy preview`) and the editor (which files open in the table preview).

export type DataFormat = "csv" | "parquet" | "json" | "jsonl";
export const DATA_FORMATS: readonly DataFormat[] = ["csv", "parquet", "json", "jsonl"];

export const DATA_FORMAT_BY_EXTENSION: Readonly<Record<string, DataFormat>> = {
  ".csv": "csv",
  ".parquet": "parquet",
  ".pq": "parquet",
  ".json": "json",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
};

/** The format a path's extension names (any case); undefined when it names none. */
export function dataFormatOfPath(path: string): DataFormat | undefined {
  const ext = /\.[^./\\]+$/.exec(path.toLowerCase())?.[0] ?? "";
  return Object.hasOwn(DATA_FORMAT_BY_EXTENSION, ext) ? DATA_FORMAT_BY_EXTENSION[ext] : undefined;
}
