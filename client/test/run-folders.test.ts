// Past runs read from real run folders on disk (DESIGN §4 layout), newest first, and which one
// "Retry Failed Tasks" picks.

import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { RunEvent } from "../../shared/events";
import { listRuns, runToRetry, runsOfDag } from "../src/run-folders";

describe("run folders", () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), "gluepy-runs-"))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function writeRun(day: string, runId: string, dag: string, startedAt: string, status: "succeeded" | "failed" | undefined): string {
    const folder = path.join(root, ...day.split("/"), runId);
    mkdirSync(path.join(folder, ".gluepy"), { recursive: true });
    const events: RunEvent[] = [
      { event: "run-start", ts: startedAt, runId, runFolder: folder, dag, tasks: [{ label: "a", className: "A", file: "t.ts", line: 1 }], edges: [] },
      { event: "task-start", ts: startedAt, task: "a", attempt: 1 },
    ];
    if (status) {
      events.push({ event: "task-end", ts: startedAt, task: "a", status, attempt: 1, durationMs: 10 });
      events.push({ event: "run-end", ts: startedAt, status, durationMs: 12 });
    }
    writeFileSync(path.join(folder, ".gluepy", "events.jsonl"), events.map((e) => JSON.stringify(e)).join("\n") + "\n");
    return folder;
  }

  it("lists every run folder newest first, with its state folded from events.jsonl", async () => {
    const older = writeRun("2026/11/24", "r-old", "training", "2026-11-24T10:00:00.000Z", "succeeded");
    const newer = writeRun("2026/11/25", "r-new", "training", "2026-11-25T09:00:00.000Z", "failed");
    const runs = await listRuns(root);
    assert.deepEqual(runs.map((r) => r.folder), [newer, older]);
    assert.equal(runs[0]!.state?.status, "failed");
    assert.equal(runs[1]!.state?.durationMs, 12);
    assert.equal(runs[1]!.state?.tasks.a?.status, "succeeded");
  });

  it("shows a run without an event log (crashed before starting) with no state, and a missing root as no runs", async () => {
    mkdirSync(path.join(root, "2026", "11", "25", "broken"), { recursive: true });
    const runs = await listRuns(root);
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.state, undefined);
    assert.deepEqual(await listRuns(path.join(root, "nope")), []);
  });

  it("ignores folders that are not YYYY/MM/DD", async () => {
    mkdirSync(path.join(root, "latest", "x", "y", "z"), { recursive: true });
    assert.deepEqual(await listRuns(root), []);
  });

  it("retries the DAG's newest run only when it did not succeed", async () => {
    writeRun("2026/11/24", "r1", "training", "2026-11-24T10:00:00.000Z", "failed");
    const ok = writeRun("2026/11/25", "r2", "training", "2026-11-25T10:00:00.000Z", "succeeded");
    const bad = writeRun("2026/11/25", "r3", "scoring", "2026-11-25T11:00:00.000Z", "failed");
    const runs = await listRuns(root);
    assert.equal(runToRetry(runs, "training"), undefined);
    assert.equal(runToRetry(runs, "scoring")?.folder, bad);
    assert.deepEqual(runsOfDag(runs, "training")[0]!.folder, ok);
  });

  it("folds a retried run (a second run-start appended to the same log) to its latest status", async () => {
    const folder = writeRun("2026/11/25", "r1", "training", "2026-11-25T10:00:00.000Z", "failed");
    const retry: RunEvent[] = [
      { event: "run-start", ts: "2026-11-25T10:05:00.000Z", runId: "r1", runFolder: folder, dag: "training", tasks: [{ label: "a", className: "A", file: "t.ts", line: 1 }], edges: [] },
      { event: "task-end", ts: "2026-11-25T10:05:01.000Z", task: "a", status: "succeeded", attempt: 2, durationMs: 5 },
      { event: "run-end", ts: "2026-11-25T10:05:01.000Z", status: "succeeded", durationMs: 7 },
    ];
    writeFileSync(path.join(folder, ".gluepy", "events.jsonl"), retry.map((e) => JSON.stringify(e)).join("\n") + "\n", { flag: "a" });
    const [run] = await listRuns(root);
    assert.equal(run!.state?.status, "succeeded");
    assert.equal(run!.state?.tasks.a?.attempts, 2);
  });
});
