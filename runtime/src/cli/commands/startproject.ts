// `gluepy startproject <dir>`: a new project with a small DAG that runs as it is. Its package.json
// depends on the `gluepy` package of this version, whose declarations `tsconfig.json` checks against once
// `npm install` has run: nothing is copied into the project, so updating gluepy is `npm install`.

import type { Command } from "commander";
import { basename, relative, resolve } from "node:path";
import { devDependencies } from "../../../../package.json";
import type { CliIO } from "../cli-io";
import { EXIT_OK } from "../../../../shared/exit-codes";
import { projectTemplate } from "../scaffold/project-template";
import { writeTemplate } from "../scaffold/write-files";
import { GLUEPY_VERSION } from "../../version";

export function configure(cmd: Command, io: CliIO): void {
  cmd.argument("<dir>", "the folder to create the project in").action((dir: string) => {
    const target = resolve(dir);
    const written = writeTemplate(
      target,
      projectTemplate({
        name: basename(target).toLowerCase().replace(/[^a-z0-9-]+/g, "-"),
        gluepyVersion: GLUEPY_VERSION,
        typescriptVersion: devDependencies.typescript,
        nodeTypesVersion: devDependencies["@types/node"],
      }),
    );
    io.stdout.write(`Created a Gluepy project in ${target}:\n${written.map((f) => `  ${f}`).join("\n")}\n`);
    io.stdout.write(`Next: cd ${relative(process.cwd(), target) || "."} && npm install && npx gluepy dag hello\n`);
    io.exitCode = EXIT_OK;
  });
}
