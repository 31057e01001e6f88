// `gluepy graph <label> [--json]`: the resolved graph of one DAG (nodes with source positions, edges,
// sub-DAG groups, problems), as the language server and the graph view see it.

import type { Command } from "commander";
import { runtime } from "gluepy";
import { projectDirOf, type CliIO } from "../cli-io";
import { describeDag, listedDag } from "../dag-listing";
import { colorsEnabled, paletteFor } from "../output/palette";
import { EXIT_OK, EXIT_USAGE } from "../../../../shared/exit-codes";
import { unknownLabelMessage } from "../unknown-label";

export function configure(cmd: Command, io: CliIO): void {
  cmd
    .argument("<label>", "the DAG's label")
    .option("--json", "print the DagGraph as JSON")
    .action(async (label: string, opts: { json?: boolean }) => {
      const project = await runtime.loadProject(projectDirOf(cmd), { env: io.env, dag: label });
      const graph = runtime.graphFor(project.registry, label);
      if (!graph) {
        io.stderr.write(`gluepy: ${unknownLabelMessage("DAG", label, project.registry.dags.keys())}\n`);
        io.exitCode = EXIT_USAGE;
        return;
      }
      if (opts.json) io.stdout.write(JSON.stringify(graph) + "\n");
      else io.stdout.write(describeDag(listedDag(graph), project.dir, paletteFor(colorsEnabled(io.stdout, io.env))) + "\n");
      io.exitCode = EXIT_OK;
    });
}
