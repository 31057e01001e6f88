// `gluepy startproject <dir>`: a new project with a small DAG that runs as it is and type-checks
// (its tsconfig points `gluepy` at the declarations of the runtime that created it).

import type { Command } from "commander";
import { basename, join, resolve } from "node:path";
import type { CliIO } from "../cli-io";
import { projectTemplate } from "../scaffold/project-template";
import { findUp, writeTemplate } from "../scaffold/write-files";

export function configure(cmd: Command, io: CliIO): void {
  cmd.argument("<dir>", "the folder to create the project in").action((dir: string) => {
    const target = resolve(dir);
    const root = findUp(__dirname, "runtime/src/index.ts");
    const types = findUp(__dirname, "node_modules/@types/node");
    const written = writeTemplate(
      target,
      projectTemplate({
        name: basename(target).toLowerCase().replace(/[^a-z0-9-]+/g, "-"),
        runtimeTypes: root ? join(root, "runtime/src/index.ts") : undefined,
        typeRoots: types ? [join(types, "node_modules/@types")] : [],
      }),
    );
    io.stdout.write(`Created a Gluepy project in ${target}:\n${written.map((f) => `  ${f}`).join("\n")}\n`);
    io.stdout.write(`Run it: cd ${dir} && gluepy dag hello\n`);
    if (!root) io.stderr.write("gluepy: warning: the runtime's type declarations were not found; tsconfig.json has no path for 'gluepy'.\n");
    io.exitCode = 0;
  });
}
