// runDag end to end on real files: ordering, eval tasks, failures and resume, retries, timeouts,
// concurrency, cancel, and what the run leaves in .gluepy/.

import assert from "node:assert/strict";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { DAG, mlops, Task } from "gluepy";
import { reduceRunEvents } from "../../../shared/run-state";
import { InvalidDagError, UsageError } from "../../src/exec/errors";
import { currentScope } from "../../src/exec/scope";
import { ends, readEvents, readStateFile, startOrder, tempProject, type TempProject } from "./support";

/** Asserts every edge's source ended before its target started. */
function assertOrder(events: import("../../../shared/events").RunEvent[], edges: [string, string][]) {
  const idx = (kind: string, task: string) => events.findIndex((e) => e.event === kind && (e as { task?: string }).task === task);
  for (const [from, to] of edges) {
    const end = idx("task-end", from);
    const start = idx("task-start", to);
    assert.ok(end >= 0 && start > end, `${from} must end before ${to} starts`);
  }
}

const noop = () => new Promise<void>((r) => setImmediate(r));
class A extends Task {
  run() {
    return noop();
  }
}
class B extends Task {
  run() {
    return noop();
  }
}
class C extends Task {
  run() {
    return noop();
  }
}
class D extends Task {
  run() {
    return noop();
  }
}
class E extends Task {
  run() {
    return noop();
  }
}

describe("runDag", () => {
  let project: TempProject;
  beforeEach(async () => (project = await tempProject()));
  afterEach(() => project.cleanup());

  it("runs chain, stage, .after() and sub-DAG entries in dependency order", async () => {
    class Sub extends DAG {
      static tasks = [D, E];
    }
    class Main extends DAG {
      static label = "main";
      static tasks = [A, [B, C], Sub, A.after()];
    }
    class Ordered extends DAG {
      static label = "ordered";
      static tasks = [A, [B, C], Sub];
    }
    await assert.rejects(project.run([Main], { dag: "main" }), InvalidDagError);
    const { outcome, events } = await project.run([Ordered], { dag: "ordered" });
    assert.equal(outcome.exitCode, 0);
    assertOrder(events, [["a", "b"], ["a", "c"], ["b", "d"], ["c", "d"], ["d", "e"]]);
    const start = events[0];
    assert.equal(start.event, "run-start");
    if (start.event === "run-start") {
      assert.deepEqual(start.tasks.map((t) => t.label), ["a", "b", "c", "d", "e"]);
      assert.deepEqual(start.tasks[0], { label: "a", className: "A", file: "", line: 0 });
      assert.match(start.runFolder, /^runs\/\d{4}\/\d{2}\/\d{2}\/\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    }
    assert.deepEqual(ends(events), { a: "succeeded", b: "succeeded", c: "succeeded", d: "succeeded", e: "succeeded" });
  });

  it("runs .after() entries after exactly the named tasks", async () => {
    // Slow finishes only once Late has run: possible only if Late waits for Quick alone.
    const order: string[] = [];
    let lateRan = () => {};
    const afterLate = new Promise<void>((resolve) => (lateRan = resolve));
    class Slow extends Task {
      static timeoutMs = 5000;
      async run() {
        await afterLate;
        order.push("slow");
      }
    }
    class Quick extends Task {
      run() {
        order.push("quick");
      }
    }
    class Late extends Task {
      run() {
        order.push("late");
        lateRan();
      }
    }
    class Branchy extends DAG {
      static tasks = [A, [Slow, Quick], Late.after(Quick)];
    }
    const { events } = await project.run([Branchy], { dag: "branchy" });
    assertOrder(events, [["a", "slow"], ["a", "quick"], ["quick", "late"]]);
    assert.deepEqual(order, ["quick", "late", "slow"]);
  });

  it("runs evalTasks after the others; --skip-eval leaves them out, --eval-only runs only them", async () => {
    class Evaluate extends Task {
      run() {
    return noop();
  }
    }
    class WithEval extends DAG {
      static tasks = [A, [B, C]];
      static evalTasks = [Evaluate];
    }
    const all = await project.run([WithEval], { dag: "witheval" });
    assertOrder(all.events, [["b", "evaluate"], ["c", "evaluate"]]);
    assert.deepEqual(startOrder((await project.run([WithEval], { dag: "witheval", skipEval: true })).events).sort(), ["a", "b", "c"]);
    assert.deepEqual(startOrder((await project.run([WithEval], { dag: "witheval", evalOnly: true })).events), ["evaluate"]);
    await assert.rejects(project.run([WithEval], { dag: "witheval", evalOnly: true, skipEval: true }), UsageError);
  });

  it("refuses a cyclic DAG before anything runs, naming the cycle path", async () => {
    let ran = false;
    class P extends Task {
      run() {
        ran = true;
      }
    }
    class Q extends Task {
      run() {
        ran = true;
      }
    }
    class Cyclic extends DAG {
      static tasks = [P.after(Q), Q.after(P)];
    }
    await assert.rejects(project.run([Cyclic], { dag: "cyclic" }), (e: unknown) => {
      assert.ok(e instanceof InvalidDagError);
      assert.equal(e.exitCode, 2);
      assert.match(e.message, /nothing ran .*Cycle: (p → q → p|q → p → q)/);
      return true;
    });
    assert.equal(ran, false);
    assert.equal(existsSync(path.join(project.dir, "data", "runs")), false, "no run folder is created");
  });

  it("names unknown DAGs and tasks with suggestions (exit 2)", async () => {
    class Training extends DAG {
      static tasks = [A, B];
    }
    await assert.rejects(project.run([Training], { dag: "trainig" }), /No DAG 'trainig'\. Did you mean 'training'\?/);
    await assert.rejects(project.run([Training], { dag: "training", task: "aa" }), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, /--task 'aa': DAG 'training' has no task 'aa'\. Did you mean 'a'/);
      return true;
    });
    await assert.rejects(project.run([Training], { dag: "training", resume: true }), /--resume needs --retry/);
    await assert.rejects(project.run([Training], { dag: "training", retry: "runs/2026/01/01/nope" }), /no run folder at runs\/2026\/01\/01\/nope/);
    class Other extends DAG {
      static tasks = [C];
    }
    const { outcome } = await project.run([Other], { dag: "other" });
    await assert.rejects(
      project.run([Training, Other], { dag: "training", retry: outcome.runFolder }),
      /is a run of DAG 'other', not 'training'\. Retry it with `gluepy dag other`/,
    );
  });

  it("a failing task skips its downstream, independent branches finish, exit 1; --retry --resume runs only what is left", async () => {
    let broken = true;
    const runs: string[] = [];
    class TA extends Task {
      static label = "a";
      run() {
        runs.push("a");
      }
    }
    class TB extends Task {
      static label = "b";
      run() {
        runs.push("b");
        if (broken) throw new Error("bad input in b");
      }
    }
    class TC extends Task {
      static label = "c";
      run() {
        runs.push("c");
      }
    }
    class TD extends Task {
      static label = "d";
      run() {
        runs.push("d");
      }
    }
    class Pipeline extends DAG {
      static tasks = [TA, [TB, TD], TC.after(TB)];
    }
    const first = await project.run([Pipeline], { dag: "pipeline" });
    assert.equal(first.outcome.status, "failed");
    assert.equal(first.outcome.exitCode, 1);
    assert.deepEqual(ends(first.events), { a: "succeeded", b: "failed", c: "skipped", d: "succeeded" });
    const failure = first.events.find((e) => e.event === "task-end" && e.status === "failed");
    assert.ok(failure?.event === "task-end" && failure.error);
    assert.equal(failure.error.message, "bad input in b");
    assert.match(failure.error.stack, /bad input in b/);

    broken = false;
    runs.length = 0;
    const second = await project.run([Pipeline], { dag: "pipeline", retry: first.outcome.runFolder, resume: true });
    assert.equal(second.outcome.exitCode, 0);
    assert.equal(second.outcome.runFolder, first.outcome.runFolder);
    assert.deepEqual(runs.sort(), ["b", "c"]);
    const state = second.outcome.state;
    assert.deepEqual(Object.fromEntries(Object.entries(state.tasks).map(([k, t]) => [k, t.status])), {
      a: "succeeded",
      b: "succeeded",
      c: "succeeded",
      d: "succeeded",
    });
    assert.equal(state.tasks.b.attempts, 2, "attempts count across the retry");
  });

  it("--task runs only that task and --from-task that task and its downstream, in the retried folder's context", async () => {
    const runs: string[] = [];
    class R1 extends Task {
      static label = "one";
      run() {
        runs.push(`one:${(currentScope()?.context as { model: { horizon: number } }).model.horizon}`);
      }
    }
    class R2 extends Task {
      static label = "two";
      run() {
        runs.push("two");
      }
    }
    class R3 extends Task {
      static label = "three";
      run() {
        runs.push("three");
      }
    }
    class Line extends DAG {
      static tasks = [R1, R2, R3];
    }
    const first = await project.run([Line], { dag: "line" });
    await fs.writeFile(path.join(project.dir, "configs", "default.yaml"), "model:\n  horizon: 99\n");
    runs.length = 0;
    await project.run([Line], { dag: "line", task: "one", retry: first.outcome.runFolder });
    assert.deepEqual(runs, ["one:7"], "the saved context.yaml wins over the changed configs");
    runs.length = 0;
    await project.run([Line], { dag: "line", fromTask: "two" });
    assert.deepEqual(runs, ["two", "three"]);
  });

  it("--local-patch and --retry paths relative to the current directory, not the project folder", async () => {
    const horizons: number[] = [];
    class Reads extends Task {
      run() {
        horizons.push((currentScope()?.context as { model: { horizon: number } }).model.horizon);
      }
    }
    class Patched extends DAG {
      static tasks = [Reads];
    }
    const shell = path.join(project.dir, "work", "here");
    await fs.mkdir(shell, { recursive: true });
    await fs.writeFile(path.join(project.dir, "local.yaml"), "model:\n  horizon: 30\n");
    const before = process.cwd();
    process.chdir(shell);
    try {
      const first = await project.run([Patched], { dag: "patched", localPatches: ["../../local.yaml"] });
      await fs.writeFile(path.join(project.dir, "local.yaml"), "model:\n  horizon: 31\n");
      const folder = path.relative(shell, path.dirname(first.outcome.recordDir));
      const again = await project.run([Patched], { dag: "patched", retry: folder, localPatches: ["../../local.yaml"] });
      assert.equal(again.outcome.runFolder, first.outcome.runFolder);
    } finally {
      process.chdir(before);
    }
    // A `cwd` option (a caller that is not in the user's shell) takes the place of process.cwd().
    await project.run([Patched], { dag: "patched", cwd: shell, localPatches: ["../../local.yaml"] });
    assert.deepEqual(horizons, [30, 31, 31]);
  });

  it("a metric logged without await is in metrics.json when its task-end is emitted, and in the outcome", async () => {
    class Scores extends Task {
      run() {
        void mlops.logMetric("mae", 1.5);
        void mlops.logMetric("rmse", 2);
      }
    }
    class Scored extends DAG {
      static tasks = [Scores];
    }
    let runFolder = "";
    let atTaskEnd: unknown;
    const { outcome } = await project.run([Scored], {
      dag: "scored",
      onEvent: (e) => {
        if (e.event === "run-start") runFolder = e.runFolder;
        if (e.event === "task-end") atTaskEnd = JSON.parse(readFileSync(path.join(project.dir, "data", runFolder, "metrics.json"), "utf8"));
      },
    });
    assert.deepEqual(atTaskEnd, { mae: 1.5, rmse: 2 });
    assert.deepEqual(outcome.metrics, { mae: 1.5, rmse: 2 }, "the outcome carries the metrics block's values");
  });

  it("retries a failing task up to `retries` times and fails an attempt that exceeds `timeoutMs`", async () => {
    let calls = 0;
    class Flaky extends Task {
      static retries = 2;
      static retryDelayMs = 5;
      run() {
        calls++;
        if (calls < 3) throw new Error(`flake ${calls}`);
      }
    }
    class Hangs extends Task {
      static timeoutMs = 50;
      run() {
        return new Promise(() => {});
      }
    }
    class Retrying extends DAG {
      static tasks = [[Flaky, Hangs]];
    }
    const { outcome, events } = await project.run([Retrying], { dag: "retrying" });
    assert.equal(calls, 3);
    assert.deepEqual(ends(events), { flaky: "succeeded", hangs: "failed" });
    assert.deepEqual(
      events.filter((e) => e.event === "task-start" && e.task === "flaky").map((e) => (e as { attempt: number }).attempt),
      [1, 2, 3],
    );
    assert.equal(outcome.state.tasks.flaky.attempts, 3);
    assert.match(outcome.state.tasks.hangs.error?.message ?? "", /did not finish within its timeoutMs of 50 ms/);
  });

  it("gives a task's error the position in the project's own .ts file that threw", async () => {
    const file = path.join(project.dir, "src", "tasks.ts");
    await fs.mkdir(path.dirname(file));
    const runtimeIndex = path.resolve(__dirname, "../../src/index");
    await fs.writeFile(
      file,
      [
        `import { DAG, Task } from ${JSON.stringify(runtimeIndex)};`,
        "",
        "export class Boom extends Task {",
        "  run(): void {",
        '    const rows: number = 3;',
        '    throw new Error(`cannot fit ${rows} rows`);',
        "  }",
        "}",
        "export class BoomDag extends DAG {",
        "  static tasks = [Boom];",
        "}",
        "",
      ].join("\n"),
    );
    const mod = require(file) as { BoomDag: import("gluepy").DagClass };
    const { events } = await project.run([mod.BoomDag], { dag: "boomdag" });
    const end = events.find((e) => e.event === "task-end");
    assert.ok(end?.event === "task-end" && end.error);
    assert.deepEqual({ file: end.error.file, line: end.error.line, column: end.error.column }, { file, line: 6, column: 11 });
  });

  it("drops what a task given up on after its timeout still logs, in the run and after it", async () => {
    let loggedLate = () => {};
    const lateLogged = new Promise<void>((resolve) => (loggedLate = resolve));
    class Lingers extends Task {
      static timeoutMs = 20;
      run() {
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            console.log("late line");
            loggedLate();
            resolve();
          }, 200),
        );
      }
    }
    class Slowish extends Task {
      static timeoutMs = 5000;
      async run() {
        await lateLogged;
      }
    }
    class Lingering extends DAG {
      static tasks = [[Lingers, Slowish]];
    }
    const { outcome, events } = await project.run([Lingering], { dag: "lingering" });
    assert.deepEqual(ends(events), { lingers: "failed", slowish: "succeeded" });
    assert.equal(events.filter((e) => e.event === "task-log").length, 0, "the late line is not the task's log");
    const onDisk = await readEvents(outcome.recordDir);
    assert.equal(onDisk[onDisk.length - 1].event, "run-end");
  });

  it("runs independent tasks at the same time up to --concurrency", async () => {
    // Each task waits until all three have started: only possible if they overlap.
    let started = 0;
    let allIn = () => {};
    const allStarted = new Promise<void>((resolve) => (allIn = resolve));
    const meet = async () => {
      if (++started >= 3) allIn();
      await allStarted;
    };
    class X extends Task {
      static timeoutMs = 3000;
      run() {
        return meet();
      }
    }
    class Y extends Task {
      static timeoutMs = 3000;
      run() {
        return meet();
      }
    }
    class Z extends Task {
      static timeoutMs = 3000;
      run() {
        return meet();
      }
    }
    class Wide extends DAG {
      static tasks = [[X, Y, Z]];
    }
    const { events } = await project.run([Wide], { dag: "wide", concurrency: 3 });
    assert.deepEqual(ends(events), { x: "succeeded", y: "succeeded", z: "succeeded" });
    const kinds = events.filter((e) => e.event === "task-start" || e.event === "task-end").map((e) => e.event);
    assert.deepEqual(kinds, ["task-start", "task-start", "task-start", "task-end", "task-end", "task-end"]);

    // With --concurrency 1 the same tasks run one by one: each start follows the previous end.
    started = 3;
    const one = await project.run([Wide], { dag: "wide", concurrency: 1 });
    const oneKinds = one.events.filter((e) => e.event === "task-start" || e.event === "task-end").map((e) => e.event);
    assert.deepEqual(oneKinds, ["task-start", "task-end", "task-start", "task-end", "task-start", "task-end"]);
  });

  it("captures a task's console output as task-log events", async () => {
    class Talks extends Task {
      run() {
        console.log("rows:", 42);
        console.error("careful");
      }
    }
    class Chatty extends DAG {
      static tasks = [Talks];
    }
    // A listener that itself logs with console.log must not be captured into the task's log again.
    const printed: string[] = [];
    const realWrite = process.stdout.write;
    process.stdout.write = ((chunk: string) => printed.push(String(chunk)) > 0) as typeof process.stdout.write;
    const { events } = await project
      .run([Chatty], {
        dag: "chatty",
        onEvent: (e) => {
          if (e.event === "task-log") console.log(`[${e.task}] ${e.text}`);
        },
      })
      .finally(() => (process.stdout.write = realWrite));
    const logs = events.filter((e) => e.event === "task-log").map((e) => e.event === "task-log" && [e.task, e.stream, e.text]);
    assert.deepEqual(logs, [
      ["talks", "stdout", "rows: 42"],
      ["talks", "stderr", "careful"],
    ]);
    assert.deepEqual(printed, ["[talks] rows: 42\n", "[talks] careful\n"]);
  });

  it("on abort: running tasks end cancelled, nothing new starts, exit 130, and --resume finishes the run", async () => {
    const controller = new AbortController();
    let blocking = true;
    class First extends Task {
      run() {
    return noop();
  }
    }
    class Blocks extends Task {
      run() {
        if (!blocking) return;
        controller.abort();
        return new Promise(() => {});
      }
    }
    class After extends Task {
      run() {
    return noop();
  }
    }
    class Stoppable extends DAG {
      static tasks = [First, Blocks, After];
    }
    const first = await project.run([Stoppable], { dag: "stoppable", signal: controller.signal });
    assert.equal(first.outcome.status, "cancelled");
    assert.equal(first.outcome.exitCode, 130);
    assert.deepEqual(ends(first.events), { first: "succeeded", blocks: "cancelled" });
    assert.equal(first.outcome.state.tasks.after.status, "pending");
    const last = first.events[first.events.length - 1];
    assert.deepEqual(last.event === "run-end" && last.status, "cancelled");

    blocking = false;
    const resumed = await project.run([Stoppable], { dag: "stoppable", retry: first.outcome.runFolder, resume: true });
    assert.equal(resumed.outcome.exitCode, 0);
    const blocksStart = resumed.events.find((e) => e.event === "task-start" && e.task === "blocks");
    assert.equal(blocksStart?.event === "task-start" && blocksStart.attempt, 2, "attempt numbers continue from the cancelled run");
    assert.deepEqual(ends(resumed.events), { blocks: "succeeded", after: "succeeded" });
  });

  it("leaves context.yaml, events.jsonl and a state.json equal to the events folded", async () => {
    let failing = true;
    class Ok extends Task {
      run() {
        console.log("hello");
      }
    }
    class Bad extends Task {
      run() {
        if (failing) throw new Error("nope");
      }
    }
    class Recorded extends DAG {
      static tasks = [Ok, Bad, A];
    }
    const first = await project.run([Recorded], { dag: "recorded" });
    failing = false;
    const { outcome, events } = await project.run([Recorded], { dag: "recorded", retry: first.outcome.runFolder, resume: true });
    const onDisk = await readEvents(outcome.recordDir);
    assert.equal(onDisk.length, first.events.length + events.length, "events.jsonl holds both runs, appended");
    assert.deepEqual(onDisk, [...first.events, ...events]);
    assert.deepEqual(await readStateFile(outcome.recordDir), JSON.parse(JSON.stringify(reduceRunEvents(onDisk))));
    const contextYaml = await fs.readFile(path.join(project.dir, "data", outcome.runFolder, "context.yaml"), "utf8");
    assert.match(contextYaml, /horizon: 7/);
    assert.match(contextYaml, new RegExp(`runId: ${outcome.runId}`));
  });
});
