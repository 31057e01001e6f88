// No process outlives the CLI (issue 10), on each way a run ends: esbuild's service (started on a cache
// miss to scan and bundle the project) and the worker-pool's processes are gone when `gluepy` has exited.
// Each CLI runs as the leader of a process group of its own; every process it started stays in that group.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { CLI, ensureBuilt, TempProject } from "../cli/support/cli";

interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Processes of the CLI's group still alive once it had exited (zombies, already dead, left out). */
  left: string[];
}

function liveProcessesInGroup(pgid: number): string[] {
  const table = execFileSync("ps", ["-e", "-o", "pgid=,stat=,pid=,args="], { encoding: "utf8" });
  return table
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([group, stat]) => Number(group) === pgid && !stat?.startsWith("Z"))
    .map((cols) => cols.slice(2).join(" "));
}

/** Runs gluepy in a new process group; `whileRunning` gets its stdout as it comes, and may signal it. */
function runInGroup(project: TempProject, args: string[], whileRunning?: (stdout: string, pid: number) => void): Promise<Exited> {
  const { NODE_OPTIONS: _underTsx, ...env } = process.env;
  const child = spawn(process.execPath, [CLI, "--project", project.dir, ...args], { env: { ...env, NO_COLOR: "1" }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    whileRunning?.(stdout, child.pid!);
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve) => {
    child.on("exit", (code) => resolve({ code, stdout, stderr, left: liveProcessesInGroup(child.pid!) }));
  });
}

const DAGS = [
  'import { DAG, Task } from "gluepy";',
  "export class Quick extends Task {\n  run() {}\n}",
  'export class Fails extends Task {\n  run() { throw new Error("no"); }\n}',
  // Runs until it is cancelled (the test signals the CLI once this task has started).
  "export class Waits extends Task {\n  run() { return new Promise((resolve) => setTimeout(resolve, 60_000)); }\n}",
  'export class QuickDAG extends DAG {\n  static label = "quick";\n  static tasks = [Quick];\n}',
  'export class FailDAG extends DAG {\n  static label = "fail";\n  static tasks = [Fails];\n}',
  'export class WaitDAG extends DAG {\n  static label = "wait";\n  static tasks = [Waits];\n}',
  "",
].join("\n");

describe("no process outlives the CLI", function () {
  this.timeout(60_000);
  let project: TempProject;

  before(() => ensureBuilt());
  beforeEach(() => (project = new TempProject({ "src/dags.ts": DAGS })));
  afterEach(() => project.cleanup());

  it("a run that started esbuild (nothing cached yet) has stopped it before its first task starts, and leaves nothing", async () => {
    let duringRun: string[] | undefined;
    const r = await runInGroup(project, ["dag", "wait", "--json"], (stdout, pid) => {
      if (duringRun === undefined && stdout.includes('"event":"task-start"')) {
        duringRun = liveProcessesInGroup(pid).filter((p) => !p.includes(CLI));
        process.kill(pid, "SIGINT");
      }
    });
    assert.equal(r.code, 130, r.stderr);
    assert.deepEqual(duringRun, []);
    assert.deepEqual(r.left, []);
  });

  it("a run that succeeds", async () => {
    const r = await runInGroup(project, ["dag", "quick"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.left, []);
  });

  it("a syntax error found while scanning and bundling: exit 2", async () => {
    project.write({ "src/dags.ts": DAGS.replace("run() {}", "run() {") });
    const r = await runInGroup(project, ["list"]);
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.left, []);
  });

  it("a failed task in the worker pool: exit 1", async () => {
    const r = await runInGroup(project, ["dag", "fail", "--executor", "worker-pool"]);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.left, []);
  });

  it("SIGINT while a worker-pool task runs: exit 130", async () => {
    let sent = false;
    const r = await runInGroup(project, ["dag", "wait", "--executor", "worker-pool", "--json"], (stdout, pid) => {
      if (!sent && stdout.includes('"event":"task-start"')) {
        sent = true;
        process.kill(pid, "SIGINT");
      }
    });
    assert.equal(r.code, 130, r.stderr);
    assert.deepEqual(r.left, []);
  });
});
