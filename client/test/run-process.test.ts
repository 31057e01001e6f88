// The runtime process as the extension runs it: events parsed from stdout, cancel reaches the run's whole
// process group (exit 130), and a run whose editor went away (stdin closed) stops with its children.

import { strict as assert } from "node:assert";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { RunEvent } from "../../shared/events";
import { dagRunArgs } from "../src/cli-command-lines";
import { cliInvocation, RuntimeProcess } from "../src/run-process";
import { isAlive } from "../../test/support/processes";

const FAKE_CLI = path.join(__dirname, "fixtures", "fake-cli.js");

function start(mode: string) {
  const events: RunEvent[] = [];
  const text: string[] = [];
  let onEvent: (e: RunEvent) => void = () => {};
  const proc = new RuntimeProcess(cliInvocation(FAKE_CLI, [mode], process.execPath), __dirname, {
    onEvent: (e) => {
      events.push(e);
      onEvent(e);
    },
    onText: (line, stream) => text.push(`${stream}: ${line}`),
  });
  const waitFor = (pred: (e: RunEvent) => boolean) =>
    new Promise<RunEvent>((resolve, reject) => {
      const hit = events.find(pred);
      if (hit) return resolve(hit);
      const timer = setTimeout(() => reject(new Error(`no such event; got ${JSON.stringify(events)}`)), 10_000);
      onEvent = (e) => {
        if (pred(e)) {
          clearTimeout(timer);
          resolve(e);
        }
      };
    });
  return { proc, events, text, waitFor };
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

describe("runtime process", () => {
  it("parses events from stdout and passes the rest on as text, then exits with the CLI's code", async () => {
    const run = start("quick");
    const exit = await run.proc.exited;
    assert.equal(exit.code, 0);
    assert.deepEqual(run.events.map((e) => e.event), ["run-start", "task-start", "task-end", "run-end"]);
    assert.ok(run.text.includes("stderr: human log line"), run.text.join("\n"));
    assert.ok(run.text.includes("stdout: not an event"), run.text.join("\n"));
  });

  it("cancel sends SIGINT to the run's process group: the CLI reports cancelled and exits 130 even with a task still awaiting; its children end", async () => {
    const run = start("wait");
    const log = (await run.waitFor((e) => e.event === "task-log")) as Extract<RunEvent, { event: "task-log" }>;
    const grandchild = Number(log.text.split(" ")[1]);
    assert.ok(isAlive(grandchild));
    run.proc.cancel();
    const exit = await run.proc.exited;
    assert.equal(exit.code, 130);
    assert.equal(run.events.at(-1)?.event, "run-end");
    assert.ok(await gone(grandchild), "the task's child process outlived the cancelled run");
  });

  it("when the editor goes away (the guard's stdin closes), the run and its children stop", async () => {
    const run = start("wait");
    const log = (await run.waitFor((e) => e.event === "task-log")) as Extract<RunEvent, { event: "task-log" }>;
    const grandchild = Number(log.text.split(" ")[1]);
    // What a crashed extension host does to the pipe: closes its end.
    (run.proc as unknown as { child: { stdin: NodeJS.WritableStream } }).child.stdin.end();
    const exit = await run.proc.exited;
    assert.equal(exit.code, 130);
    assert.ok(await gone(grandchild), "the task's child process outlived the editor");
  });

  it("kill stops a going run (SIGTERM to its group, SIGKILL after the grace period) and waits until it is gone", async () => {
    const run = start("wait");
    await run.waitFor((e) => e.event === "task-log");
    await run.proc.kill(1000);
    assert.ok(run.proc.pid && (await gone(run.proc.pid)));
  });

  it("a missing Node executable is an exit 2 with a message naming the setting", async () => {
    const proc = new RuntimeProcess(cliInvocation(FAKE_CLI, [], "/nonexistent/node"), __dirname, {
      onEvent: () => {},
      onText: (line) => lines.push(line),
    });
    const lines: string[] = [];
    assert.equal((await proc.exited).code, 2);
    assert.match(lines.join("\n"), /gluepy\.nodePath/);
  });

  it("runs the real bundled CLI (dist/runtime/cli.js) on a copy of the example project to a succeeded run", async function () {
    this.timeout(60_000);
    const repo = path.resolve(__dirname, "..", "..");
    const cli = path.join(repo, "dist", "runtime", "cli.js");
    assert.ok(existsSync(cli), "dist/runtime/cli.js is missing: run npm run build");
    const root = mkdtempSync(path.join(tmpdir(), "gluepy-client-run-"));
    const project = path.join(root, "forecast");
    cpSync(path.join(repo, "examples", "forecast"), project, { recursive: true, filter: (s) => !/node_modules|[\\/]data[\\/]runs/.test(s) });
    try {
      const events: RunEvent[] = [];
      const proc = new RuntimeProcess(cliInvocation(cli, dagRunArgs(project, { dag: "training" }), process.execPath), project, {
        onEvent: (e) => events.push(e),
        onText: () => {},
      });
      assert.equal((await proc.exited).code, 0);
      assert.equal(events[0]?.event, "run-start");
      assert.deepEqual(events.at(-1), { ...events.at(-1), event: "run-end", status: "succeeded" });
      assert.ok(events.some((e) => e.event === "task-end" && e.task === "output" && e.status === "succeeded"));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
