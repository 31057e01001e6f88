// `gluepy list [--json]`: every DAG of the project with its tasks and edges, and each invalid DAG's
// problems (an invalid DAG is listed, not fatal: it blocks only itself).

import type { Command } from "commander";
import { runtime } from "gluepy";
import { projectDirOf, type CliIO } from "../cli-io";
import { EXIT_OK } from "../../../../shared/exit-codes";
import type { DagListOutput } from "../../../../shared/dag-listing";
import { describeDag, listedDag } from "../dag-listing";
import { colorsEnabled, paletteFor } from "../output/palette";

export function configure(cmd: Command, io: CliIO): void {
  cmd.option("--json", "print {dags: [...]} as JSON").action(async (opts: { json?: boolean }) => {
    const project = await runtime.loadProject(projectDirOf(cmd), { env: io.env });
    const dags = [...project.registry.dags.keys()].sort().map((label) => listedDag(runtime.graphFor(project.registry, label)!));
    if (opts.json) {
      io.stdout.write(JSON.stringify({ dags } satisfies DagListOutput) + "\n");
    } else {
      const p = paletteFor(colorsEnabled(io.stdout, io.env));
      io.stdout.write(dags.length === 0 ? "No DAGs found in this project.\n" : dags.map((d) => describeDag(d, project.dir, p)).join("\n\n") + "\n");
    }
    io.exitCode = EXIT_OK;
    // After the output: a `gluepy dag` that follows (the extension's pre-warm runs `list`) finds its DAG compiled.
    await project.prepareDagBundles();
  });
}
