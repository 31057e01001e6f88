// Runs the real `gluepy` CLI (its TypeScript source, through tsx) as a child process, as users and
// orchestrators do: workers and coordinators share nothing but Redis and the storage folder.

import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";
import { parseRunEvent, type RunEvent } from "../../../shared/events";

const CLI_MAIN = join(__dirname, "..", "..", "src", "cli", "main.ts");

export interface GluepyProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** The run events printed so far (with --json). */
  events(): RunEvent[];
}

export function gluepy(args: string[], opts: { project: string; env: NodeJS.ProcessEnv }): GluepyProcess {
  const child = spawn(process.execPath, ["--import", "tsx", CLI_MAIN, "--project", opts.project, ...args], {
    env: { ...process.env, ...opts.env },
    stdio: ["pipe", "pipe", "pipe"],
    // A group of its own, so a test's clean-up can end the worker's own child processes with it (killGroup).
    detached: true,
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    events: () => out.split("\n").map(parseRunEvent).filter((e): e is RunEvent => e !== undefined),
  };
}

/** Ends the process and everything it started (a worker's child running a CPU-bound task outlives a killed worker
 * and would go on writing into the project folder a test is removing). */
export function killGroup(p: GluepyProcess): void {
  try {
    if (p.child.pid !== undefined) process.kill(-p.child.pid, "SIGKILL");
  } catch {
    // The group has already gone.
  }
}
