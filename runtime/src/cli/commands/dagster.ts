// `gluepy dagster generate <dest> [label]`: a Dagster module per DAG of the project (or one), from the
// built-in template or the project's (dagster.templatesDir). `gluepy dagster start <label>`: what the
// generated job's first op runs: create the run folder and print it for the task ops.

import type { Command } from "commander";
import { generateDagsterJobs } from "../../ops/dagster/generate";
import { DAGSTER_TEMPLATES } from "../../ops/dagster/templates/job-py";
import type { CliIO } from "../cli-io";
import { configureGenerate, configureStart } from "../orchestrator-commands";

export function configure(cmd: Command, io: CliIO): void {
  cmd.description("Dagster: generate job modules, or start a run for a generated job");

  configureGenerate(
    cmd,
    io,
    {
      command: "gluepy dagster generate",
      what: DAGSTER_TEMPLATES.what,
      write: (graphs, settings, image, dest) =>
        generateDagsterJobs(graphs, settings, image, dest).map((f) => ({ file: f.file, name: f.jobName, dag: f.dag })),
    },
    "Write one Dagster module (ops, job, Definitions) per Gluepy DAG (or only <label>) into <dest>",
  );

  configureStart(cmd, io);
}
