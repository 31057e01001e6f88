// A seeded SIGKILL test: 100 runs of a 50-task DAG, each killed at a moment drawn (seeded PRNG) from its
// own event stream, each then resumed with `--retry <folder> --resume`. After every kill the record is a
// valid prefix; the resume completes; every task's side-effect marker shows it ran exactly once after its
// last recorded success (a task recorded succeeded never runs again; any other runs once more).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseRunEvent, type RunEvent } from "../../../shared/events";
import { reduceRunEvents, type RunState } from "../../../shared/run-state";
import { collect, ensureBuilt, startCli, TempProject } from "../cli/support/cli";
import { mulberry32 } from "../../../test/support/prng";
import { onRunEvents } from "../support/run-events";

const SEED = 0x5eed15;
const RUNS = 100;
const TASKS = 50;
/** Runs killed and resumed at once: the two cores these tests get. */
const LANES = 2;

/** A seeded PRNG, so a failure can be replayed with the same kill moments. */
const prng = mulberry32;

/** 50 tasks in layers of 5; each after one or two tasks of the layer before (the same shape every time). */
function dagSource(): string {
  const rand = prng(7);
  const deps: string[][] = [];
  for (let i = 0; i < TASKS; i++) {
    const layer = Math.floor(i / 5);
    if (layer === 0) deps.push([]);
    else {
      const before = Array.from({ length: 5 }, (_, k) => (layer - 1) * 5 + k);
      deps.push([...new Set([before[Math.floor(rand() * 5)]!, before[Math.floor(rand() * 5)]!])].map((d) => `T${d}`));
    }
  }
  return `import { appendFileSync } from "node:fs";
import { DAG, Task, storage } from "gluepy";

// Tiny work across a turn of the event loop, then the side effect: one line per completed execution.
function task(label: string) {
  return class extends Task {
    static label = label;
    async run() {
      await new Promise((resolve) => setImmediate(resolve));
      appendFileSync(storage.abspath(storage.runpath("markers.log")), label + "\\n");
    }
  };
}

${deps.map((_, i) => `const T${i} = task("t${i}");`).join("\n")}

export class Killed extends DAG {
  static label = "killed";
  static tasks = [${deps.map((d, i) => (d.length ? `T${i}.after(${d.join(", ")})` : `T${i}`)).join(", ")}];
}
`;
}

describe("runs killed with SIGKILL at seeded random moments", function () {
  this.timeout(600_000);
  let project: TempProject;
  before(() => {
    ensureBuilt();
    project = new TempProject({
      "package.json": JSON.stringify({ name: "killed", private: true }),
      "gluepy.config.ts": "export default {};\n",
      "src/dags.ts": dagSource(),
    });
  });
  after(() => project.cleanup());

  const recordOf = (runFolder: string) => join(project.dir, "data", runFolder, ".gluepy");

  function markers(runFolder: string): Record<string, number> {
    const counts: Record<string, number> = {};
    let text = "";
    try {
      text = readFileSync(join(project.dir, "data", runFolder, "markers.log"), "utf8");
    } catch {
      return counts;
    }
    for (const label of text.split("\n").filter(Boolean)) counts[label] = (counts[label] ?? 0) + 1;
    return counts;
  }

  /** The record as a reader finds it: every complete line an event, folded. */
  function recordedState(runFolder: string): RunState {
    const lines = readFileSync(join(recordOf(runFolder), "events.jsonl"), "utf8").split("\n");
    const events = lines.map(parseRunEvent);
    // A kill may tear the last line only.
    events.slice(0, -1).forEach((e, i) => assert.ok(e || lines[i] === "", `line ${i + 1} of events.jsonl of ${runFolder} is not an event: ${lines[i]}`));
    const state = reduceRunEvents(events.filter((e): e is RunEvent => e !== undefined));
    assert.ok(state, `${runFolder}: events.jsonl holds the run's start`);
    return state;
  }

  /** Run i killed after its `killAfter`-th event on stdout, then resumed and checked; how many tasks were recorded succeeded at the kill. */
  async function killAndResume(i: number, killAfter: number): Promise<number> {
    const child = startCli(["--project", project.dir, "dag", "killed", "--json", "--concurrency", "4"]);
    let runFolder = "";
    let seen = 0;
    onRunEvents(child.stdout!, (e) => {
      if (e.event === "run-start") runFolder = e.runFolder;
      if (++seen === killAfter) child.kill("SIGKILL");
    });
    const first = await collect(child, 60_000);
    assert.ok(runFolder, `run ${i}: a run-start on stdout (exit ${first.code}, stderr: ${first.stderr})`);
    const killed = recordedState(runFolder);
    const atKill = markers(runFolder);
    const succeeded = new Set(Object.entries(killed.tasks).filter(([, t]) => t.status === "succeeded").map(([label]) => label));

    const resumed = await collect(startCli(["--project", project.dir, "dag", "killed", "--retry", runFolder, "--resume", "--concurrency", "4"]), 60_000);
    assert.equal(resumed.code, 0, `run ${i} (killed after event ${killAfter}): resume exit code; stderr:\n${resumed.stderr}`);
    const done = recordedState(runFolder);
    assert.equal(done.status, "succeeded", `run ${i}: resumed run status`);
    const after = markers(runFolder);
    for (let t = 0; t < TASKS; t++) {
      const label = `t${t}`;
      assert.equal(done.tasks[label]?.status, "succeeded", `run ${i}: ${label} after the resume`);
      const ranAgain = (after[label] ?? 0) - (atKill[label] ?? 0);
      assert.equal(ranAgain, succeeded.has(label) ? 0 : 1, `run ${i} (killed after event ${killAfter}): ${label}, recorded ${killed.tasks[label]?.status} at the kill, ran ${ranAgain} more times`);
    }
    return succeeded.size;
  }

  it(`kills ${RUNS} runs of a ${TASKS}-task DAG; each resumes to completion, no recorded success runs again`, async () => {
    // Drawn up front: the same kill moment for run i whatever order the lanes take the runs in.
    const rand = prng(SEED);
    const kills = Array.from({ length: RUNS }, () => 1 + Math.floor(rand() * (2 * TASKS + 1)));
    const started = Date.now();
    let next = 0;
    const killedMidRun: number[] = [];
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        while (next < RUNS) {
          const i = next++;
          const succeeded = await killAndResume(i, kills[i]!);
          if (succeeded > 0 && succeeded < TASKS) killedMidRun.push(i);
        }
      }),
    );
    // The kill moments are spread over the runs: most kills land with some tasks done and some not.
    assert.ok(killedMidRun.length >= RUNS / 2, `only ${killedMidRun.length} of ${RUNS} runs were killed mid-run`);
    console.log(`      ${RUNS} runs killed and resumed in ${((Date.now() - started) / 1000).toFixed(1)} s, ${killedMidRun.length} of them mid-run`);
  });
});
