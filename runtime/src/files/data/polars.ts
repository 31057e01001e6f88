// Loads nodejs-polars on first use: its native module takes a noticeable part of a second to load, which
// a CLI start (`gluepy list`, a DAG with no data tasks) must not pay.

import type * as Polars from "nodejs-polars";

export type PolarsModule = typeof Polars.default;
export type { DataFrame } from "nodejs-polars";

let loading: Promise<PolarsModule> | undefined;

export function loadPolars(): Promise<PolarsModule> {
  loading ??= import("nodejs-polars").then((m) => (m.default ?? m) as PolarsModule);
  return loading;
}
