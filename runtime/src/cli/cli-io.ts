// What every command gets: the streams it writes to, the environment, and where it reports its exit code.

import type { Command } from "commander";
import { resolve } from "node:path";
import type { OutputStream } from "./output/run-output";

export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  /** Set by the command's action: 0 success, 1 a task failed, 2 bad usage, 130 cancelled. */
  exitCode: number;
}

/** The project folder: `--project DIR`, else the working directory. */
export function projectDirOf(cmd: Command): string {
  const opts = cmd.optsWithGlobals() as { project?: string };
  return resolve(opts.project ?? ".");
}
