// A reader of `--json` that stops reading (`gluepy dag x --json | head -1`) ends the output, not the run:
// the run goes on to its end and its record says it succeeded.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { CLI, ensureBuilt, TempProject } from "../cli/support/cli";

const DAGS = `import { DAG, Task } from "gluepy";

export class Slow extends Task {
  static label = "slow";
  async run() {
    for (let i = 0; i < 200; i++) console.log("line " + i);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class After extends Task {
  static label = "after";
  run() {
    console.log("after ran");
  }
}

export class Piped extends DAG {
  static label = "piped";
  static tasks = [Slow, After];
}
`;

describe("a reader of the output that goes away", function () {
  this.timeout(60_000);
  let project: TempProject;
  before(() => {
    ensureBuilt();
    project = new TempProject({ "src/dags.ts": DAGS });
  });
  after(() => project.cleanup());

  it("leaves the run to finish: its record says succeeded and every task ran", async () => {
    const { NODE_OPTIONS: _underTsx, ...env } = process.env;
    const child = spawn(process.execPath, [CLI, "--project", project.dir, "dag", "piped", "--json"], { env: { ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    // Read the first line, then close the pipe as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    assert.equal(code, 0, `the run should end succeeded (exit 0):\n${stderr}`);
    assert.doesNotMatch(stderr, /EPIPE|uncaught/);

    const runs = await project.run(["runs", "--json"]);
    const listing = JSON.parse(runs.stdout) as { runs: { dag: string; status: string; tasks: Record<string, string> }[] };
    const run = listing.runs.find((r) => r.dag === "piped");
    assert.ok(run, runs.stdout);
    assert.equal(run.status, "succeeded");
    assert.deepEqual(run.tasks, { slow: "succeeded", after: "succeeded" });
  });
});
