// `gluepy startmodule <name>`: a module folder (under src/ when the project has one) with a task and
// a DAG, found by the loader like every other project file.

import type { Command } from "commander";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectDirOf, type CliIO } from "../cli-io";
import { EXIT_OK, EXIT_USAGE } from "../../../../shared/exit-codes";
import { moduleTemplate } from "../scaffold/project-template";
import { writeTemplate } from "../scaffold/write-files";

export function configure(cmd: Command, io: CliIO): void {
  cmd.argument("<name>", "the module's name (letters, digits, - and _)").action((name: string) => {
    if (!/^[A-Za-z][\w-]*$/.test(name)) {
      io.stderr.write(`gluepy: module name '${name}' must start with a letter and hold only letters, digits, '-' and '_'.\n`);
      io.exitCode = EXIT_USAGE;
      return;
    }
    const project = projectDirOf(cmd);
    const base = existsSync(join(project, "src")) ? join(project, "src") : project;
    const written = writeTemplate(base, moduleTemplate(name));
    io.stdout.write(`Created module '${name}':\n${written.map((f) => `  ${join(base, f)}`).join("\n")}\n`);
    io.exitCode = EXIT_OK;
  });
}
