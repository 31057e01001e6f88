// The built-in commands, one module each, loaded only when that command runs (or its help is shown):
// `gluepy --help` lists them from the names and summaries here without loading any.

import type { Command } from "commander";
import type { CliIO } from "../cli-io";

export interface CommandModule {
  /** Declares the command's arguments and options on `cmd` and sets its action. */
  configure(cmd: Command, io: CliIO): void;
}

export interface CommandSpec {
  name: string;
  summary: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: CommandSpec[] = [
  { name: "dag", summary: "Run a DAG (or some of its tasks)", load: () => import("./run-dag") },
  { name: "list", summary: "List the project's DAGs with their tasks, edges and problems", load: () => import("./list") },
  { name: "graph", summary: "Print the resolved graph of a DAG", load: () => import("./print-graph") },
  { name: "runs", summary: "List run folders, newest first, with their status", load: () => import("./runs") },
  { name: "preview", summary: "Print a data file's schema, row count and first rows (csv, parquet, json)", load: () => import("./preview") },
  { name: "startproject", summary: "Create a new, runnable project", load: () => import("./startproject") },
  { name: "startmodule", summary: "Add a module folder with tasks.ts and dags.ts to the project", load: () => import("./startmodule") },
  { name: "worker", summary: "Run task jobs of distributed runs (BullMQ on Redis) until stopped", load: () => import("./worker") },
  { name: "airflow", summary: "Generate Airflow DAG files (airflow generate), or start a run for Airflow (airflow start)", load: () => import("./airflow") },
  { name: "dagster", summary: "Generate Dagster job modules (dagster generate), or start a run for Dagster (dagster start)", load: () => import("./dagster") },
  { name: "image", summary: "Generate the project's container image files: Dockerfile and .dockerignore (image generate)", load: () => import("./image") },
];
