// Runs the bundled `gluepy` CLI as a child process of the editor and streams its `--json` events.
// The CLI runs in its own process group under a small guard, so that cancelling reaches every process of
// the run, and a crashed or closed editor (the guard's stdin closes) still stops the run: no orphans.

import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { parseRunEvent, type RunEvent } from "../../shared/events";
import { EXIT_CANCELLED, EXIT_TASK_FAILED } from "../../shared/exit-codes";

export interface CliInvocation {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * How to start the CLI: a configured Node, or the editor's own executable run as plain Node
 * (ELECTRON_RUN_AS_NODE), so a user needs nothing installed besides VS Code.
 */
export function cliInvocation(cliPath: string, args: string[], nodePath?: string, baseEnv: NodeJS.ProcessEnv = process.env): CliInvocation {
  const env = { ...baseEnv, FORCE_COLOR: "0" };
  if (nodePath) return { command: nodePath, args: [cliPath, ...args], env };
  return { command: process.execPath, args: [cliPath, ...args], env: { ...env, ELECTRON_RUN_AS_NODE: "1" } };
}

/**
 * The guard runs the CLI in its own process (no second Node start on the click-to-run path), as leader of
 * a new process group: signals sent to the group reach the run and every process it started. When its
 * stdin ends, the editor is gone, so it stops the group. The CLI bundle exports `main(argv, io)`.
 */
const GUARD = `
const orphaned = () => {
  try { process.kill(-process.pid, "SIGTERM"); } catch {}
  setTimeout(() => { try { process.kill(-process.pid, "SIGKILL"); } catch {} }, 5000).unref();
};
process.stdin.on("end", orphaned);
process.stdin.on("error", orphaned);
process.stdin.resume();
process.stdin.unref();
const [cli, ...args] = process.argv.slice(1);
const { main } = require(cli);
const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 };
main(args, io).then(
  (code) => {
    process.exitCode = code;
    // Cancelled: the run has saved its state and said run-end; a task body still awaiting something
    // (the in-process executor cannot abort a promise) must not keep the process alive.
    if (code === ${EXIT_CANCELLED}) process.exit(${EXIT_CANCELLED});
  },
  (e) => { process.stderr.write("gluepy: " + (e && e.stack || e) + "\\n"); process.exitCode = ${EXIT_TASK_FAILED}; },
);
`;

export interface RunOutput {
  /** The first bytes on stdout (the runtime is up): for the run's timing trace. */
  onFirstOutput?(): void;
  onEvent(event: RunEvent): void;
  /** Lines that are not events: the CLI's human log (stderr) and anything else it prints. */
  onText(line: string, stream: "stdout" | "stderr"): void;
}

export interface RunExit {
  /** 0 success, 1 a task failed, 2 bad usage or invalid DAG, 130 cancelled (DESIGN §3). */
  code: number;
}

export class RuntimeProcess {
  private readonly child: ChildProcess;
  readonly exited: Promise<RunExit>;
  private done = false;

  constructor(invocation: CliInvocation, cwd: string, output: RunOutput) {
    this.child = spawn(invocation.command, ["-e", GUARD, ...invocation.args], {
      cwd,
      env: invocation.env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    if (output.onFirstOutput) this.child.stdout!.once("data", () => output.onFirstOutput!());
    readLines(this.child.stdout!, (line) => {
      const event = parseRunEvent(line);
      if (event) output.onEvent(event);
      else if (line.trim()) output.onText(line, "stdout");
    });
    readLines(this.child.stderr!, (line) => output.onText(line, "stderr"));
    this.exited = new Promise<RunExit>((resolve) => {
      this.child.on("error", (e) => {
        output.onText(`Cannot start ${invocation.command}: ${e.message}. Check the setting gluepy.nodePath.`, "stderr");
        this.done = true;
        resolve({ code: 2 });
      });
      // "close" (not "exit"): every line of output has been read by then.
      this.child.on("close", (code, signal) => {
        this.done = true;
        resolve({ code: code ?? (signal === "SIGINT" || signal === "SIGTERM" ? EXIT_CANCELLED : EXIT_TASK_FAILED) });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Asks the run to stop: SIGINT to its process group; the runtime saves state and exits 130. */
  cancel(): void {
    this.signalGroup("SIGINT");
  }

  /** Stops the run now (editor closing): SIGTERM, then SIGKILL if it is still there after `graceMs`. */
  async kill(graceMs = 2000): Promise<void> {
    if (this.done) return;
    this.signalGroup("SIGTERM");
    const timer = setTimeout(() => this.signalGroup("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.done || !this.child.pid) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // The group is already gone.
    }
  }
}

/** Runs a CLI command to its end, collecting its output (for short commands: airflow, startproject, a page
 * of a table preview); `signal` stops it (its answer is no longer wanted). */
export function runToEnd(invocation: CliInvocation, cwd: string, signal?: AbortSignal): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(invocation.command, invocation.args, { cwd, env: invocation.env, stdio: ["ignore", "pipe", "pipe"], signal });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (e) => resolve({ code: 2, stdout, stderr: `${stderr}Cannot start ${invocation.command}: ${e.message}` }));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on("line", onLine);
}
