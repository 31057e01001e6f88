// Loads nodejs-polars on first use: its native module takes a noticeable part of a second to load, which
// a CLI start (`gluepy list`, a DAG with no data tasks) must not pay.

import type * as Polars from "nodejs-polars";
import { missingPolarsBinaryMessage } from "./polars-binary-error";

export type PolarsModule = typeof Polars.default;
export type { DataFrame } from "nodejs-polars";

let loading: Promise<PolarsModule> | undefined;

export function loadPolars(): Promise<PolarsModule> {
  loading ??= import("nodejs-polars").then(
    (m) => (m.default ?? m) as PolarsModule,
    (error: unknown) => {
      const message = missingPolarsBinaryMessage(error, process.version, polarsVersion());
      throw message ? new Error(message) : error;
    },
  );
  return loading;
}

/** The installed nodejs-polars's version (its platform packages carry the same). */
function polarsVersion(): string {
  try {
    return (require("nodejs-polars/package.json") as { version: string }).version;
  } catch {
    return "<the nodejs-polars version>";
  }
}
