// `gluepy startproject <dir>`: a new project with a small DAG that runs as it is and type-checks with no
// node_modules: the declarations of `gluepy` and Node's types (dist/types, built with the runtime) are
// copied into the project's types/ folder, so an extension update or removal never breaks its tsconfig.

import type { Command } from "commander";
import { cpSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { CliIO } from "../cli-io";
import { EXIT_OK } from "../../../../shared/exit-codes";
import { PROJECT_TYPES_DIR, projectTemplate } from "../scaffold/project-template";
import { findUp, writeTemplate } from "../scaffold/write-files";

export function configure(cmd: Command, io: CliIO): void {
  cmd.argument("<dir>", "the folder to create the project in").action((dir: string) => {
    const target = resolve(dir);
    const root = findUp(__dirname, "dist/types/gluepy/runtime/src/index.d.ts");
    const written = writeTemplate(target, projectTemplate({ name: basename(target).toLowerCase().replace(/[^a-z0-9-]+/g, "-"), withTypes: root !== undefined }));
    if (root) cpSync(join(root, "dist/types"), join(target, PROJECT_TYPES_DIR), { recursive: true });
    io.stdout.write(`Created a Gluepy project in ${target}:\n${written.map((f) => `  ${f}`).join("\n")}\n`);
    if (root) io.stdout.write(`  ${PROJECT_TYPES_DIR}/ (declarations of gluepy and Node for the editor and tsc)\n`);
    io.stdout.write(`Run it: cd ${dir} && gluepy dag hello\n`);
    if (!root) io.stderr.write("gluepy: warning: the runtime's type declarations (dist/types) were not found: run `npm run build` in the runtime; tsconfig.json has no path for 'gluepy'.\n");
    io.exitCode = EXIT_OK;
  });
}
