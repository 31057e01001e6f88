// One task handed to an executor: the events it produces, and a broken executor failing only that task.

import assert from "node:assert/strict";
import type { RunEvent } from "../../../shared/events";
import { dispatchTask, type DispatchContext } from "../../src/exec/dispatch";
import type { Executor } from "../../src/exec/executors/base";
import { Task, type TaskClass } from "../../src/exec/task";

class Fit extends Task {
  static retries = 2;
  static retryDelayMs = 0;
  run() {}
}

function context(executor: Executor, attemptsSoFar = 0): { ctx: DispatchContext; events: RunEvent[] } {
  const events: RunEvent[] = [];
  const ctx: DispatchContext = {
    executor,
    signal: new AbortController().signal,
    emit: (e) => events.push(e),
    run: { runId: "r", runFolder: "runs/2026/01/01/r", projectDir: "/p", dag: "d" },
    attemptsSoFar: () => attemptsSoFar,
    onFailedLate: () => {},
  };
  return { ctx, events };
}

describe("dispatching a task", () => {
  it("gives the executor the task's options and continues the attempt count of the folder", async () => {
    let seen: unknown;
    const executor: Executor = {
      name: "recording",
      async execute(job, hooks) {
        seen = { attempt: job.attempt, retries: job.retries, retryDelayMs: job.retryDelayMs, dag: job.dag };
        hooks.onAttemptStart(job.attempt);
        hooks.onAttemptEnd(job.attempt, { status: "failed", durationMs: 1, error: { message: "flaky.", stack: "" } }, true);
        hooks.onAttemptStart(job.attempt + 1);
        hooks.onLog("stdout", "fitted");
        return { status: "succeeded", attempt: job.attempt + 1, durationMs: 2 };
      },
      async close() {},
    };
    const { ctx, events } = context(executor, 3);
    assert.equal(await dispatchTask(ctx, "fit", Fit as TaskClass), "succeeded");
    assert.deepEqual(seen, { attempt: 4, retries: 2, retryDelayMs: 0, dag: "d" });
    assert.deepEqual(
      events.map((e) => [e.event, "attempt" in e ? e.attempt : "text" in e ? e.text : ""]),
      [
        ["task-start", 4],
        ["task-log", "Attempt 4 of 6 failed: flaky; retrying."],
        ["task-start", 5],
        ["task-log", "fitted"],
        ["task-end", 5],
      ],
    );
  });

  for (const how of ["throws", "rejects"] as const) {
    it(`fails the task with the executor's message when the executor ${how}`, async () => {
      const executor: Executor = {
        name: "broken",
        execute(job, hooks) {
          hooks.onAttemptStart(job.attempt);
          if (how === "throws") throw new Error("connection lost");
          return Promise.reject(new Error("connection lost"));
        },
        async close() {},
      };
      const { ctx, events } = context(executor);
      assert.equal(await dispatchTask(ctx, "fit", Fit as TaskClass), "failed");
      const end = events[events.length - 1];
      assert.ok(end.event === "task-end");
      assert.equal(end.status, "failed");
      assert.equal(end.attempt, 1);
      assert.equal(end.error?.message, "Executor 'broken' could not run task 'fit': connection lost");
    });
  }
});
