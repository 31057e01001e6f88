// Runs the BUILT `gluepy` CLI (dist/runtime/cli.js) as a user would, on generated projects in temp
// folders with no node_modules.

import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const REPO = resolve(__dirname, "../../../..");
export const CLI = join(REPO, "dist/runtime/cli.js");

let built = false;
/** Bundles the runtime once per test process. */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ["esbuild.config.mjs"], { cwd: REPO, stdio: "inherit" });
  built = true;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

function cliEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // Tests run under tsx; the CLI must not (unless a test sets NODE_OPTIONS itself).
  const { NODE_OPTIONS: _underTsx, ...inherited } = process.env;
  return { ...inherited, NO_COLOR: "1", ...extra };
}

export function startCli(args: string[], options: CliOptions = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? REPO, env: cliEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });
}

/** Waits for the process to exit (killing it after `timeoutMs`) and collects its output. */
export function collect(child: ChildProcess, timeoutMs = 30_000): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`gluepy did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return collect(startCli(args, options), options.timeoutMs);
}

/** A project folder with these files (paths relative to it); removed by `cleanup()`. */
export class TempProject {
  readonly dir: string;

  constructor(files: Record<string, string>) {
    this.dir = mkdtempSync(join(tmpdir(), "gluepy-cli-"));
    this.write(files);
  }

  write(files: Record<string, string>): void {
    for (const [path, content] of Object.entries(files)) {
      const file = join(this.dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }

  run(args: string[], options: CliOptions = {}): Promise<CliResult> {
    return runCli(["--project", this.dir, ...args], options);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The lines of `--json` output, parsed. */
export function jsonLines(stdout: string): unknown[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as unknown);
}
