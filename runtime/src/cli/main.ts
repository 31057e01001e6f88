// The `gluepy` command line (DESIGN §3): built-in commands loaded on demand, plus the commands the
// project defines. Exit codes (shared/exit-codes.ts): 0 success, 1 a task failed, 2 bad usage, config or
// invalid DAG, 130 cancelled; errors are reported by report-error.ts.

import { Command } from "commander";
import type { CliIO } from "./cli-io";
import { COMMANDS } from "./commands";
import { addProjectCommands } from "./register-project-commands";
import { reportError, wantsStacks } from "./report-error";
import { requestedCommand } from "./requested-command";
import { usageErrorLine } from "./usage-message";
import { GLUEPY_VERSION } from "../version";

export async function main(argv: string[], io: CliIO): Promise<number> {
  const program = new Command("gluepy")
    .description("Run and inspect the DAGs of a Gluepy project.")
    .version(GLUEPY_VERSION, "-V, --version", "print gluepy's version")
    .option("--project <dir>", "the project folder (default: the current folder)")
    .option("--verbose", "print the stack trace of an error (also GLUEPY_DEBUG=1)")
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
    return reportError(error, io, wantsStacks(argv, io.env));
  }
}

/** `gluepy --version` (or -V) with no command: answered without loading the project. */
function asksVersion(argv: string[], wanted: string | undefined): boolean {
  return wanted === undefined && argv.some((a) => a === "--version" || a === "-V");
}

// Run directly (the runtime from source under tsx, e.g. a process pool's workers): the command line.
if (require.main === module) runFromProcess();

/** Runs the command line of this process and exits with its code (launcher.ts calls it). */
export function runFromProcess(): void {
  // stderr made on first write: a pipe's stream loads net and its socket machinery (~3 ms), and most runs write nothing there.
  const io: CliIO = {
    stdout: process.stdout,
    get stderr() {
      return process.stderr;
    },
    env: process.env,
    exitCode: 0,
  };
  keepRunningWhenReaderLeaves();
  // Exit when the command is done, even if user code left timers or sockets open (a cancelled task's
  // sleep, a client it never closed). Writes to pipes, files and terminals are synchronous here.
  main(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (error) => process.exit(reportError(error, io, wantsStacks(process.argv, process.env))),
  );
}

/**
 * A reader of stdout that goes away (`gluepy dag x --json | head`) ends the output, not the run: the run's
 * record is what counts, and an EPIPE would otherwise be an uncaught exception that fails it.
 */
function keepRunningWhenReaderLeaves(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}
