// A run killed with SIGKILL mid-task (no chance to clean up) leaves a readable state.json, and
// `--retry <folder> --resume` completes it.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { RunState } from "../../../shared/run-state";
import type { RunEvent } from "../../../shared/events";
import { readStateFile, tempProject, waitFor, type TempProject } from "./support";
import { onRunEvents } from "../support/run-events";

const FIXTURE = path.join(__dirname, "fixtures", "killable-run.ts");
const REPO = path.resolve(__dirname, "../../..");

function startChild(args: string[], env: Record<string, string>): { child: ChildProcess; events: RunEvent[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--require", "tsx/cjs", FIXTURE, ...args], { cwd: REPO, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const events: RunEvent[] = [];
  onRunEvents(child.stdout!, (e) => events.push(e));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, events, exited };
}

describe("a run killed mid-task", () => {
  let project: TempProject;
  let child: ChildProcess | undefined;
  before(async () => (project = await tempProject()));
  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await project.cleanup();
  });

  it("leaves a readable state.json and resumes to completion with --retry --resume", async () => {
    const first = startChild([project.dir], { SLEEP: "1" });
    child = first.child;
    const runStart = () => first.events.find((e) => e.event === "run-start");
    await waitFor("run-start from the child", () => runStart() !== undefined);
    const start = runStart()!;
    assert.ok(start.event === "run-start");
    const recordDir = path.join(project.dir, "data", start.runFolder, ".gluepy");
    await waitFor("state.json to show the sleeper running", async () => {
      try {
        return ((await readStateFile(recordDir)) as RunState).tasks.sleeper.status === "running";
      } catch {
        return false;
      }
    });
    first.child.kill("SIGKILL");
    await first.exited;

    const crashed = (await readStateFile(recordDir)) as RunState;
    assert.equal(crashed.status, "running");
    assert.deepEqual(
      Object.fromEntries(Object.entries(crashed.tasks).map(([k, t]) => [k, t.status])),
      { first: "succeeded", sleeper: "running", last: "pending" },
    );

    const second = startChild([project.dir, start.runFolder], { SLEEP: "0" });
    child = second.child;
    assert.equal(await second.exited, 0);
    const started = second.events.filter((e) => e.event === "task-start").map((e) => (e as { task: string }).task);
    assert.deepEqual(started, ["sleeper", "last"]);
    const done = (await readStateFile(recordDir)) as RunState;
    assert.equal(done.status, "succeeded");
    assert.deepEqual(Object.values(done.tasks).map((t) => t.status), ["succeeded", "succeeded", "succeeded"]);
  });
});
