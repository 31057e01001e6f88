// The `gluepy` command line (DESIGN §3): built-in commands loaded on demand, plus the commands the
// project defines. Exit codes: 0 success, 1 a task failed, 2 bad usage or invalid DAG, 130 cancelled.

import { Command, CommanderError } from "commander";
import type { CliIO } from "./cli-io";
import { COMMANDS } from "./commands";
import { addProjectCommands } from "./register-project-commands";
import { EXIT_USAGE } from "../../../shared/exit-codes";
import { isUsageError } from "./usage-errors";
import { usageErrorLine } from "./usage-message";
import { GLUEPY_VERSION } from "../version";

export async function main(argv: string[], io: CliIO): Promise<number> {
  const program = new Command("gluepy")
    .description("Run and inspect the DAGs of a Gluepy project.")
    .version(GLUEPY_VERSION, "-V, --version", "print gluepy's version")
    .option("--project <dir>", "the project folder (default: the current folder)")
    .helpCommand("help [command]", "show the help of a command")
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(usageErrorLine(s)),
    });

  const wanted = requestedCommand(argv);
  for (const spec of COMMANDS) {
    const cmd = program.command(spec.name).description(spec.summary);
    if (spec.name === wanted) (await spec.load()).configure(cmd, io);
  }
  try {
    // Project commands cost a project load: only for help and for names that are not built in.
    if (!COMMANDS.some((c) => c.name === wanted) && !asksVersion(argv, wanted)) await addProjectCommands(program, argv, io, wanted === undefined || wanted === "help");
    await program.parseAsync(argv, { from: "user" });
    return io.exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help, or the version: exit code 0) already.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (isUsageError(error)) {
    io.stderr.write(`gluepy: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  io.stderr.write(`gluepy: ${err.stack ?? err.message}\n`);
  return 1;
}

/** The command name in argv (after global options), the one `help` is asked about, or undefined. */
export function requestedCommand(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--project") i++;
    else if (!arg.startsWith("-")) return arg === "help" && argv[i + 1] && !argv[i + 1]!.startsWith("-") ? argv[i + 1] : arg;
  }
  return undefined;
}

/** `gluepy --version` (or -V) with no command: answered without loading the project. */
function asksVersion(argv: string[], wanted: string | undefined): boolean {
  return wanted === undefined && argv.some((a) => a === "--version" || a === "-V");
}

// Run directly (the runtime from source under tsx, e.g. a process pool's workers): the command line.
if (require.main === module) runFromProcess();

/** Runs the command line of this process and exits with its code (launcher.ts calls it). */
export function runFromProcess(): void {
  const io: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 };
  // Exit when the command is done, even if user code left timers or sockets open (a cancelled task's
  // sleep, a client it never closed). Writes to pipes, files and terminals are synchronous here.
  main(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`gluepy: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
