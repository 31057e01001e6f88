// The data formats dataManager reads and writes, picked by file extension: the bytes of a file to a
// DataFrame and back, through polars. Which extension names which format: shared/data-formats.ts.

import { DATA_FORMATS, dataFormatOfPath, type DataFormat } from "../../../../shared/data-formats";
import type { DataFrame, PolarsModule } from "./polars";

export { DATA_FORMATS, type DataFormat };

export function formatOf(path: string, format?: DataFormat): DataFormat {
  if (format !== undefined) {
    if (!DATA_FORMATS.includes(format)) throw new Error(`Unknown data format '${format}' for '${path}'; use one of ${DATA_FORMATS.join(", ")}.`);
    return format;
  }
  const found = dataFormatOfPath(path);
  if (!found) {
    throw new Error(
      `Cannot tell the data format of '${path}' from its extension; name the file .csv, .parquet, .json or .jsonl, or pass { format }.`,
    );
  }
  return found;
}

export function decodeFrame(pl: PolarsModule, bytes: Buffer, format: DataFormat): DataFrame {
  switch (format) {
    case "csv":
      return pl.readCSV(bytes, { tryParseDates: true });
    case "parquet":
      return pl.readParquet(bytes);
    case "json":
      return pl.readJSON(bytes, { format: "json" });
    case "jsonl":
      return pl.readJSON(bytes, { format: "lines" });
  }
}

export function encodeFrame(df: DataFrame, format: DataFormat): Buffer {
  switch (format) {
    case "csv":
      return df.writeCSV();
    case "parquet":
      return df.writeParquet();
    case "json":
      return df.writeJSON({ format: "json" });
    case "jsonl":
      return df.writeJSON({ format: "lines" });
  }
}
