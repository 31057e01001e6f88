// Puts the project's own commands (defineCommand in a module of `commands/` or of settings `commands`)
// into the program, so they show in `gluepy --help` and run like built-ins. Listing them loads only
// those modules; running one loads the whole project, which its action receives.

import type { Command } from "commander";
import { runtime } from "gluepy";
import type { ProjectCommand } from "../project/define-command";
import { projectDirOf, type CliIO } from "./cli-io";

/** For help only (`forHelp`), a project that fails to load leaves a note: the built-ins still need their help. */
export async function addProjectCommands(program: Command, argv: string[], io: CliIO, forHelp: boolean): Promise<void> {
  program.parseOptions(argv);
  const dir = projectDirOf(program);
  let commands: ProjectCommand[];
  try {
    commands = runtime.findProjectCommands(runtime.loadCommandModules(dir, { env: io.env }));
  } catch (error) {
    if (!forHelp) throw error;
    io.stderr.write(`gluepy: the project's own commands are not listed: ${(error as Error).message}\n`);
    return;
  }
  const builtIn = new Set(program.commands.map((c) => c.name()));
  for (const def of commands) {
    if (builtIn.has(def.name)) {
      io.stderr.write(`gluepy: the project's command '${def.name}' is hidden by the built-in command of that name; rename it.\n`);
      continue;
    }
    define(program.command(def.name).description(def.description), def, dir, io);
  }
}

function define(cmd: Command, def: ProjectCommand, dir: string, io: CliIO): void {
  for (const a of def.arguments ?? []) cmd.argument(a.name, a.description);
  for (const o of def.options ?? []) cmd.option(o.flags, o.description ?? "", o.default);
  cmd.action(async (...params: unknown[]) => {
    const project = await runtime.loadProject(dir, { env: io.env });
    const args = params.slice(0, def.arguments?.length ?? 0);
    const code = await def.action({ args, options: cmd.opts(), project });
    io.exitCode = typeof code === "number" ? code : 0;
  });
}
