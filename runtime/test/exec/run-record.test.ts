// The records of a run folder: events appended, state.json folded from them, written atomically and
// coalesced, write failures reported rather than crashing the process.

import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { RunEvent } from "../../../shared/events";
import { reduceRunEvents } from "../../../shared/run-state";
import { RunRecord } from "../../src/exec/run-record";
import { readEvents, readStateFile } from "./support";

const ts = "2026-11-25T10:00:00.000Z";
const start = (labels: string[]): RunEvent => ({
  event: "run-start",
  ts,
  runId: "r1",
  runFolder: "runs/2026/11/25/r1",
  dag: "d",
  tasks: labels.map((label) => ({ label, className: label, file: "", line: 0 })),
  edges: [],
});

describe("run record", () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), "gluepy-record-"))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it("holds every event and a state.json equal to their fold, across a reopen", async () => {
    const labels = Array.from({ length: 500 }, (_, i) => `t${i}`);
    const first = await RunRecord.open(path.join(dir, ".gluepy"));
    first.append(start(labels));
    for (const task of labels) {
      first.append({ event: "task-start", ts, task, attempt: 1 });
      first.append({ event: "task-end", ts, task, status: task === "t7" ? "failed" : "succeeded", attempt: 1, durationMs: 1 });
    }
    first.append({ event: "run-end", ts, status: "failed", durationMs: 5 });
    await first.close();

    const again = await RunRecord.open(path.join(dir, ".gluepy"));
    assert.equal(again.current?.tasks.t7.status, "failed", "a reopened record continues the saved state");
    again.append(start(labels));
    again.append({ event: "task-start", ts, task: "t7", attempt: 2 });
    again.append({ event: "task-end", ts, task: "t7", status: "succeeded", attempt: 2, durationMs: 1 });
    again.append({ event: "run-end", ts, status: "succeeded", durationMs: 5 });
    await again.close();

    const events = await readEvents(path.join(dir, ".gluepy"));
    assert.equal(events.length, 1 + 2 * 500 + 1 + 4);
    assert.deepEqual(await readStateFile(path.join(dir, ".gluepy")), reduceRunEvents(events));
    assert.deepEqual((await fs.readdir(path.join(dir, ".gluepy"))).sort(), ["events.jsonl", "state.json"], "no temporary files left");
  });

  it("reports a failed write at close instead of crashing the process", async () => {
    const recordDir = path.join(dir, ".gluepy");
    const record = await RunRecord.open(recordDir);
    await fs.rm(recordDir, { recursive: true });
    record.append(start(["a"]));
    await assert.rejects(record.close(), /Could not record the run in .*\.gluepy: ENOENT/);
  });
});
