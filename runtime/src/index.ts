// What user code imports from "gluepy" (DESIGN §2).

export { Task, AfterEntry, type TaskClass, type TaskOptions } from "./exec/task";
export { DAG, type DagClass, type DagEntryInput, type DagOptions } from "./exec/dag-class";

// What tasks use while a DAG runs (R2: conf, files, ops).
export { context, storage, dataManager, mlops } from "./api";
export type { GluepyContext, Context, RunMeta } from "./conf/context";
export { defineConfig, type GluepyConfig } from "./conf/settings";
export type { DataFrame } from "./files/data/polars";
export type { DataFormat } from "./files/data/formats";
export type { DataPathOptions } from "./files/data/data-manager";
export type { Storage, StorageContent } from "./files/storages/base";

// Project-defined CLI commands.
export { defineCommand, type CommandDefinition, type CommandInvocation, type ProjectCommand } from "./project/define-command";
// For the gluepy CLI and workers, which must use this same instance (not part of the user API).
export * as runtime from "./host-api";
