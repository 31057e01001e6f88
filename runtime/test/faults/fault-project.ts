// A project for the fault-injection tests, written as real files and run by the built CLI: DAG `faulty`
// is a → b → c plus an independent branch x → y. Task b does what the project's `fault` file says
// (nothing when there is none, as on the resume): a file, not an environment variable, so a task running
// in a worker started earlier reads it too. Every task appends its label to `markers.log` in the project
// folder when it completes, so a test can count how often each task really ran.

import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TempProject } from "../cli/support/cli";

/** How task b goes wrong. */
export type Fault =
  | "throw" // throws from run(): the baseline every other fault should look like
  | "reject-async" // an async run() leaves a promise rejection unhandled, then keeps working
  | "reject-sync" // a synchronous run() leaves a promise rejection unhandled and returns
  | "timer-throw" // an exception thrown in a timer callback while run() awaits
  | "exit" // calls process.exit(0)
  | "hang" // runs until the fault file is removed (for SIGINT, SIGTERM, SIGKILL)
  | "oom" // fills the heap across turns of the event loop
  | "module-throw" // b runs until a timer of the module, outside any task, throws (a fault no task owns)
  | "module-exit"; // b runs until a timer of the module, outside any task, calls process.exit(0)

export const FAULT_MESSAGES: Record<Exclude<Fault, "hang" | "oom" | "module-throw" | "module-exit">, RegExp> = {
  throw: /b threw/,
  "reject-async": /Unhandled promise rejection in the task's code .*b rejected/,
  "reject-sync": /Unhandled promise rejection in the task's code .*b rejected/,
  "timer-throw": /Uncaught exception in a callback of the task's code: b threw in a timer/,
  exit: /The task called process\.exit\(0\)/,
};

const DAGS = `import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DAG, Task } from "gluepy";

const MARKERS = join(${JSON.stringify("__DIR__")}, "markers.log");
const FAULT = join(${JSON.stringify("__DIR__")}, "fault");
const faultNow = () => (existsSync(FAULT) ? readFileSync(FAULT, "utf8") : undefined);
const B_STARTED = join(${JSON.stringify("__DIR__")}, "b-started");

// Started when the module loads, so in no task's context: once b has started under "module-throw", it throws.
setInterval(() => {
  if (!existsSync(B_STARTED)) return;
  if (faultNow() === "module-throw") throw new Error("a module timer threw");
  if (faultNow() === "module-exit") process.exit(0);
}, 20).unref();
const done = (label: string) => appendFileSync(MARKERS, label + "\\n");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class A extends Task {
  static label = "a";
  run() { done("a"); }
}

export class B extends Task {
  static label = "b";
  async run() {
    const fault = faultNow();
    if (fault === "throw") throw new Error("b threw");
    if (fault === "reject-async") {
      Promise.reject(new Error("b rejected"));
      await sleep(200);
    }
    if (fault === "timer-throw") {
      setTimeout(() => { throw new Error("b threw in a timer"); }, 5);
      await sleep(200);
    }
    if (fault === "exit") process.exit(0);
    if (fault === "hang") while (existsSync(FAULT)) await sleep(20);
    if (fault === "module-throw" || fault === "module-exit") {
      appendFileSync(B_STARTED, "");
      while (existsSync(FAULT)) await sleep(20);
    }
    if (fault === "oom") {
      const kept: number[][] = [];
      for (;;) {
        kept.push(new Array(100_000).fill(1.5));
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    done("b");
  }
}

/** The same task with a synchronous run(), for faults that surface after run() returned. */
export class SyncB extends Task {
  static label = "syncb";
  run() {
    if (faultNow() === "reject-sync") Promise.reject(new Error("b rejected"));
    done("syncb");
  }
}

export class C extends Task {
  static label = "c";
  run() { done("c"); }
}

export class X extends Task {
  static label = "x";
  run() { done("x"); }
}

export class Y extends Task {
  static label = "y";
  run() { done("y"); }
}

export class Faulty extends DAG {
  static label = "faulty";
  static tasks = [[A, X], B.after(A), C.after(B), Y.after(X)];
}

export class FaultySync extends DAG {
  static label = "faulty-sync";
  static tasks = [[A, X], SyncB.after(A), C.after(SyncB), Y.after(X)];
}
`;

export class FaultProject extends TempProject {
  constructor(settings = "{}") {
    super({ "package.json": JSON.stringify({ name: "faults", private: true }), "gluepy.config.ts": `export default ${settings};\n` });
    this.write({ "src/dags.ts": DAGS.replaceAll("__DIR__", this.dir) });
  }

  /** What task b does from now on; undefined: nothing wrong. */
  setFault(fault: Fault | undefined): void {
    if (fault) writeFileSync(join(this.dir, "fault"), fault);
    else rmSync(join(this.dir, "fault"), { force: true });
    rmSync(join(this.dir, "b-started"), { force: true });
  }

  /** How many times each task completed, from markers.log. */
  markers(): Record<string, number> {
    let text = "";
    try {
      text = readFileSync(join(this.dir, "markers.log"), "utf8");
    } catch {
      return {};
    }
    const counts: Record<string, number> = {};
    for (const label of text.split("\n").filter(Boolean)) counts[label] = (counts[label] ?? 0) + 1;
    return counts;
  }
}
