// What `gluepy airflow` and `gluepy dagster` share: `generate <dest> [label]` (files for the project's
// DAGs, an invalid DAG blocking only itself) and `start <label>` (the run folder a generated DAG's steps share).

import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { runtime } from "gluepy";
import type { DagGraph } from "../../../shared/dag-model";
import { EXIT_OK, EXIT_USAGE } from "../../../shared/exit-codes";
import type { Settings } from "../conf/settings";
import { invalidDagMessage } from "../ops/orchestrator/orchestrated-dag";
import { imageName } from "../ops/image/image-name";
import { projectDirOf, type CliIO } from "./cli-io";
import { unknownLabelMessage } from "./unknown-label";

/** One written file, as `generate` reports it: "<file>  (<what> '<name>' from '<dag>')". */
export interface WrittenFile {
  file: string;
  name: string;
  dag: string;
}

export interface GenerateTarget {
  /** The command's name in messages ("gluepy dagster generate"). */
  command: string;
  /** What one file is ("Airflow DAG", "Dagster job"). */
  what: string;
  write(graphs: DagGraph[], settings: Settings, image: string, dest: string): WrittenFile[];
}

/** Relative to the working folder when inside it, else absolute. */
function shortPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function configureGenerate(cmd: Command, io: CliIO, target: GenerateTarget, description: string): void {
  cmd
    .command("generate")
    .description(description)
    .argument("<dest>", "folder for the generated .py files")
    .argument("[label]", "only this DAG")
    .action(async (dest: string, label: string | undefined) => {
      const project = await runtime.loadProject(projectDirOf(cmd), { env: io.env });
      if (label !== undefined && !project.registry.dags.has(label)) {
        io.stderr.write(`${target.command}: ${unknownLabelMessage("DAG", label, project.registry.dags.keys())}\n`);
        io.exitCode = EXIT_USAGE;
        return;
      }
      const labels = label === undefined ? [...project.registry.dags.keys()].sort() : [label];
      const graphs = labels.map((l) => runtime.graphFor(project.registry, l)!);
      // An invalid DAG blocks only itself: the others are still written.
      const invalid = graphs.map((g) => invalidDagMessage(g, target.what)).filter(Boolean);
      for (const message of invalid) io.stderr.write(`${target.command}: ${message}\n`);
      const image = imageName(project.settings.image, project.dir);
      const written = target.write(
        graphs.filter((g) => !invalidDagMessage(g, target.what)),
        project.settings,
        image,
        resolve(dest),
      );
      for (const f of written) io.stdout.write(`${shortPath(f.file)}  (${target.what} '${f.name}' from '${f.dag}')\n`);
      if (graphs.length === 0) io.stderr.write(`${target.command}: the project defines no DAG; nothing written.\n`);
      io.exitCode = invalid.length > 0 ? EXIT_USAGE : EXIT_OK;
    });
}

/** `start <label>`: creates the run; prints its folder (last line of stdout) and hands it to `onFolder`. */
export function configureStart(cmd: Command, io: CliIO, onFolder?: (runFolder: string, opts: Record<string, unknown>) => void): Command {
  return cmd
    .command("start")
    .description("Create a run of <label> (run folder and context.yaml) without running tasks; print the folder")
    .argument("<label>", "the DAG's label")
    .option("--patch <file>", "a context patch file in storage (repeatable)", collect)
    .option("--local-patch <file>", "a context patch file on this machine (repeatable)", collect)
    .action(async (label: string, opts: { patch?: string[]; localPatch?: string[] } & Record<string, unknown>) => {
      const project = await runtime.loadProject(projectDirOf(cmd), { env: io.env });
      const { runFolder } = await runtime.startOrchestratedRun({
        projectDir: project.dir,
        settings: project.settings,
        registry: project.registry,
        dag: label,
        patches: opts.patch,
        localPatches: opts.localPatch,
        onWarning: (m: string) => io.stderr.write(`${m}\n`),
      });
      onFolder?.(runFolder, opts);
      io.stdout.write(`${runFolder}\n`);
      io.exitCode = EXIT_OK;
    });
}
