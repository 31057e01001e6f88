// `gluepy image generate [dest]`: the Dockerfile and .dockerignore of the image the generated Airflow
// and Dagster files run (setting image.name): Node, the project's locked dependencies with gluepy, its code.

import { relative } from "node:path";
import type { Command } from "commander";
import { runtime } from "gluepy";
import { EXIT_OK } from "../../../../shared/exit-codes";
import { generateImage } from "../../ops/image/generate-image";
import { projectDirOf, type CliIO } from "../cli-io";

export function configure(cmd: Command, io: CliIO): void {
  cmd.description("The project's container image: generate its Dockerfile and .dockerignore");

  cmd
    .command("generate")
    .description("Write a Dockerfile and .dockerignore for the project's image into [dest] (default: the project folder)")
    .argument("[dest]", "folder for the Dockerfile, relative to the project; the build context is always the project folder")
    .option("--force", "replace a Dockerfile or .dockerignore that gluepy did not write")
    .action(async (dest: string | undefined, opts: { force?: boolean }) => {
      const settings = runtime.loadProjectSettings(projectDirOf(cmd), { env: io.env });
      const out = generateImage(settings, dest, opts);
      const show = (f: string) => relative(process.cwd(), f) || f;
      io.stdout.write(`${show(out.dockerfile)}\n${show(out.ignoreFile)}\n`);
      io.stderr.write(`Build the image '${out.name}' from ${settings.projectDir}:\n  ${out.buildCommand}\n`);
      io.exitCode = EXIT_OK;
    });
}
