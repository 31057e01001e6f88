// `gluepy airflow generate <dest> [label]`: Airflow DAG files for the project's DAGs (or one), from the
// built-in template or the project's (airflow.templatesDir). `gluepy airflow start <label>`: what the
// generated DAG's first task runs: create the run folder and hand it to the other tasks through XCom.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { Command } from "commander";
import { runtime } from "gluepy";
import { generateAirflowDags, invalidDagMessage } from "../../ops/airflow/generate";
import { XCOM_RETURN_FILE } from "../../ops/airflow/model";
import { projectDirOf, type CliIO } from "../cli-io";
import { EXIT_OK, EXIT_USAGE } from "../../../../shared/exit-codes";
import { unknownLabelMessage } from "../unknown-label";

/** Relative to the working folder when inside it, else absolute. */
function shortPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function configure(cmd: Command, io: CliIO): void {
  cmd.description("Airflow: generate DAG files, or start a run for a generated DAG");

  cmd
    .command("generate")
    .description("Write one Airflow DAG file per Gluepy DAG (or only <label>) into <dest>")
    .argument("<dest>", "folder for the generated .py files (e.g. Airflow's dags folder)")
    .argument("[label]", "only this DAG")
    .action(async (dest: string, label: string | undefined) => {
      const project = await runtime.loadProject(projectDirOf(cmd), { env: io.env });
      const labels = label === undefined ? [...project.registry.dags.keys()].sort() : [label];
      if (label !== undefined && !project.registry.dags.has(label)) {
        io.stderr.write(`gluepy airflow generate: ${unknownLabelMessage("DAG", label, project.registry.dags.keys())}\n`);
        io.exitCode = EXIT_USAGE;
        return;
      }
      const graphs = labels.map((l) => runtime.graphFor(project.registry, l)!);
      // An invalid DAG blocks only itself: the others are still written.
      const invalid = graphs.map(invalidDagMessage).filter(Boolean);
      for (const message of invalid) io.stderr.write(`gluepy airflow generate: ${message}\n`);
      const written = generateAirflowDags(
        graphs.filter((g) => !invalidDagMessage(g)),
        project.settings.airflow,
        resolve(dest),
      );
      for (const f of written) io.stdout.write(`${shortPath(f.file)}  (Airflow DAG '${f.dagId}' from '${f.dag}')\n`);
      if (graphs.length === 0) io.stderr.write("gluepy airflow generate: the project defines no DAG; nothing written.\n");
      io.exitCode = invalid.length > 0 ? EXIT_USAGE : EXIT_OK;
    });

  cmd
    .command("start")
    .description("Create a run of <label> (run folder and context.yaml) without running tasks; print the folder")
    .argument("<label>", "the DAG's label")
    .option("--xcom [file]", `also write the folder as the task's XCom value (default ${XCOM_RETURN_FILE})`)
    .option("--patch <file>", "a context patch file in storage (repeatable)", collect)
    .option("--local-patch <file>", "a context patch file on this machine (repeatable)", collect)
    .action(async (label: string, opts: { xcom?: string | true; patch?: string[]; localPatch?: string[] }) => {
      const project = await runtime.loadProject(projectDirOf(cmd), { env: io.env });
      const { runFolder } = await runtime.startAirflowRun({
        projectDir: project.dir,
        settings: project.settings,
        registry: project.registry,
        dag: label,
        patches: opts.patch,
        localPatches: opts.localPatch,
        onWarning: (m) => io.stderr.write(`${m}\n`),
      });
      if (opts.xcom) {
        const file = opts.xcom === true ? XCOM_RETURN_FILE : opts.xcom;
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify(runFolder));
      }
      io.stdout.write(`${runFolder}\n`);
      io.exitCode = EXIT_OK;
    });
}
