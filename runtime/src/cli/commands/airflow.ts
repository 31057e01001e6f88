// `gluepy airflow generate <dest> [label]`: Airflow DAG files for the project's DAGs (or one), from the
// built-in template or the project's (airflow.templatesDir). `gluepy airflow start <label>`: what the
// generated DAG's first task runs: create the run folder and hand it to the other tasks through XCom.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { XCOM_RETURN_FILE } from "../../ops/airflow/airflow-dag";
import { generateAirflowDags } from "../../ops/airflow/generate";
import { AIRFLOW_TEMPLATES } from "../../ops/airflow/templates/dag-py";
import type { CliIO } from "../cli-io";
import { configureGenerate, configureStart } from "../orchestrator-commands";

export function configure(cmd: Command, io: CliIO): void {
  cmd.description("Airflow: generate DAG files, or start a run for a generated DAG");

  configureGenerate(
    cmd,
    io,
    {
      command: "gluepy airflow generate",
      what: AIRFLOW_TEMPLATES.what,
      write: (graphs, settings, image, dest) =>
        generateAirflowDags(graphs, settings, image, dest).map((f) => ({ file: f.file, name: f.dagId, dag: f.dag })),
    },
    "Write one Airflow DAG file per Gluepy DAG (or only <label>) into <dest> (e.g. Airflow's dags folder)",
  );

  configureStart(cmd, io, (runFolder, opts) => {
    const xcom = opts.xcom as string | true | undefined;
    if (!xcom) return;
    const file = xcom === true ? XCOM_RETURN_FILE : xcom;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(runFolder));
  }).option("--xcom [file]", `also write the folder as the task's XCom value (default ${XCOM_RETURN_FILE})`);
}
