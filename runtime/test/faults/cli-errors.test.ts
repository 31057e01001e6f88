// Errors a user can act on: bad usage, configuration, project loading and DAG validation exit 2 with one
// line that names the file (and line) and says what to do, with no stack trace unless --verbose or
// GLUEPY_DEBUG=1; an error of the environment exits 1, on one line too; a task's failure keeps its full
// source-mapped stack. The built CLI, as a user runs it.

import assert from "node:assert/strict";
import { parseRunEvent, type RunEvent, type TaskEndEvent } from "../../../shared/events";
import { ensureBuilt, TempProject, type CliResult } from "../cli/support/cli";

const DAGS = `import { DAG, Task } from "gluepy";

export class Prep extends Task {
  static label = "prep";
  run() {}
}

export class Boom extends Task {
  static label = "boom";
  run() {
    throw new Error("boom failed");
  }
}

export class Good extends DAG {
  static label = "good";
  static tasks = [Prep];
}

export class Failing extends DAG {
  static label = "failing";
  static tasks = [Prep, Boom];
}
`;

const CYCLE = `import { DAG, Task } from "gluepy";

export class A extends Task {
  run() {}
}
export class B extends Task {
  run() {}
}
export class Loop extends DAG {
  static label = "loop";
  static tasks = [A.after(B), B.after(A)];
}
`;

// Each level refers to the one before nine times: 9^6 strings once expanded. The yaml library refuses it.
const ALIAS_BOMB = `a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
`;

const STACK_FRAME = /\n\s+at /;

function project(files: Record<string, string> = {}): TempProject {
  return new TempProject({
    "package.json": JSON.stringify({ name: "errors", private: true }),
    "gluepy.config.ts": "export default {};\n",
    "src/dags.ts": DAGS,
    ...files,
  });
}

/** stderr is one line starting "gluepy: " with no stack frame. */
function assertOneLine(r: CliResult, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit code; stderr:\n${r.stderr}`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^gluepy: /);
  assert.match(lines[0]!, pattern);
}

describe("errors a user can act on", function () {
  this.timeout(60_000);
  const projects: TempProject[] = [];
  const make = (files: Record<string, string> = {}) => {
    const p = project(files);
    projects.push(p);
    return p;
  };
  before(() => ensureBuilt());
  after(() => projects.forEach((p) => p.cleanup()));

  it("a YAML alias bomb in configs/: exit 2, one line naming the file, no stack", async () => {
    const p = make({ "configs/bomb.yaml": ALIAS_BOMB });
    const r = await p.run(["dag", "good"]);
    assertOneLine(r, 2, /configs[/\\]bomb\.yaml: not valid YAML: .*alias.*Fix the file/i);
  });

  it("a YAML syntax error: exit 2 naming the file and line", async () => {
    const p = make({ "configs/default.yaml": "model:\n  horizon: 7\n  bad: [unclosed\n" });
    const r = await p.run(["dag", "good"]);
    assertOneLine(r, 2, /configs[/\\]default\.yaml:\d+: not valid YAML/);
  });

  it("a config that is a list, not a map: exit 2 naming the file", async () => {
    const p = make({ "configs/default.yaml": "- a\n- b\n" });
    const r = await p.run(["dag", "good"]);
    assertOneLine(r, 2, /configs[/\\]default\.yaml: the top level must be a map/);
  });

  it("--verbose and GLUEPY_DEBUG=1 add the stack, same exit code", async () => {
    const p = make({ "configs/bomb.yaml": ALIAS_BOMB });
    for (const r of [await p.run(["--verbose", "dag", "good"]), await p.run(["dag", "good"], { env: { GLUEPY_DEBUG: "1" } })]) {
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /bomb\.yaml/);
      assert.match(r.stderr, STACK_FRAME);
    }
  });

  it("a cyclic DAG: exit 2, the cycle's file and line", async () => {
    const p = make({ "src/dags.ts": CYCLE });
    const r = await p.run(["dag", "loop"]);
    assertOneLine(r, 2, /DAG 'loop' is invalid, nothing ran .*src[/\\]dags\.ts:\d+: Cycle: a → b → a/);
  });

  it("an unknown DAG, an unknown flag, a bad setting: exit 2, one line each", async () => {
    const p = make();
    assertOneLine(await p.run(["dag", "goood"]), 2, /goood.*good/);
    assertOneLine(await p.run(["dag", "good", "--concurency", "2"]), 2, /--concurency/);
    const bad = make({ "gluepy.config.ts": "export default { executor: 42 };\n" });
    assertOneLine(await bad.run(["dag", "good"]), 2, /gluepy\.config\.ts/);
  });

  it("a project module that does not parse: exit 2, its first line naming file, line and column", async () => {
    const p = make({ "src/dags.ts": DAGS + "\nexport const broken = ;\n" });
    const r = await p.run(["dag", "good"]);
    assert.equal(r.code, 2, r.stderr);
    // The loader shows the source line under it (a code excerpt, not a stack).
    assert.match(r.stderr.split("\n")[0]!, /^gluepy: src[/\\]dags\.ts:\d+:\d+: Syntax error/);
    assert.doesNotMatch(r.stderr, STACK_FRAME);
  });

  it("an environment error (Redis unreachable): exit 1, one line saying what to do; the run's record says it failed", async () => {
    const p = make();
    const r = await p.run(["dag", "good", "--executor", "bullmq"], { env: { GLUEPY_REDIS_URL: "redis://127.0.0.1:9" } });
    assertOneLine(r, 1, /Cannot reach Redis at redis:\/\/127\.0\.0\.1:9.*Start Redis/);
    const runs = await p.run(["runs", "--json"]);
    assert.deepEqual(
      (JSON.parse(runs.stdout) as { runs: { status: string }[] }).runs.map((x) => x.status),
      ["failed"],
    );
  });

  it("a task's failure keeps its full source-mapped stack (in the event), exit 1", async () => {
    const p = make();
    const r = await p.run(["dag", "failing", "--json"]);
    assert.equal(r.code, 1, r.stderr);
    const events = r.stdout.split("\n").map(parseRunEvent).filter((e): e is RunEvent => e !== undefined);
    const end = events.find((e): e is TaskEndEvent => e.event === "task-end" && e.task === "boom");
    assert.equal(end?.status, "failed");
    assert.match(end.error?.stack ?? "", /boom failed\n\s+at .*src[/\\]dags\.ts:11:\d+/);
    assert.equal(end.error?.line, 11);
  });
});
