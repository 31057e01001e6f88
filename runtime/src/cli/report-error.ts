// How the CLI reports an error that ended a command: one line a user can act on, never a stack trace
// unless asked for (`--verbose`, or GLUEPY_DEBUG=1). Bad usage, configuration, project loading and DAG
// validation exit 2; anything else exits 1. A task's failure is not reported here: it is an event of its
// run, with its full source-mapped stack.

import { CommanderError } from "commander";
import { EXIT_TASK_FAILED, EXIT_USAGE } from "../../../shared/exit-codes";
import type { CliIO } from "./cli-io";
import { isUsageError } from "./usage-errors";

/** `--verbose` anywhere on the command line, or GLUEPY_DEBUG=1: errors come with their stack. */
export function wantsStacks(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes("--verbose") || env.GLUEPY_DEBUG === "1";
}

/** Prints `error` on stderr and returns the exit code. */
export function reportError(error: unknown, io: CliIO, verbose: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help, or the version: exit code 0) already.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const usage: boolean = isUsageError(err);
  if (verbose) io.stderr.write(`gluepy: ${err.stack ?? err.message}\n`);
  else if (usage) io.stderr.write(`gluepy: ${err.message}\n`);
  else io.stderr.write(`gluepy: ${err.message} (--verbose or GLUEPY_DEBUG=1 prints where it came from)\n`);
  return usage ? EXIT_USAGE : EXIT_TASK_FAILED;
}
