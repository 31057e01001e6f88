// The records of a run folder: events appended, state.json folded from them, written atomically and
// coalesced, write failures reported rather than crashing the process.

import assert from "node:assert/strict";
import { appendFileSync, promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { RunEvent } from "../../../shared/events";
import { reduceRunEvents, type RunState } from "../../../shared/run-state";
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

  it("puts each event in events.jsonl as it is appended; a task's end at the latest with the next task's start", async () => {
    const recordDir = path.join(dir, ".gluepy");
    const record = await RunRecord.open(recordDir);
    const onDisk = () => readFileSync(path.join(recordDir, "events.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l).event + (JSON.parse(l).task ?? ""));
    record.append(start(["a", "b"]));
    assert.deepEqual(onDisk(), ["run-start"]);
    record.append({ event: "task-start", ts, task: "a", attempt: 1 });
    assert.deepEqual(onDisk(), ["run-start", "task-starta"]);
    record.append({ event: "task-end", ts, task: "a", status: "succeeded", attempt: 1, durationMs: 1 });
    record.append({ event: "task-start", ts, task: "b", attempt: 1 });
    assert.deepEqual(onDisk(), ["run-start", "task-starta", "task-enda", "task-startb"], "a's success is on disk before b starts");
    record.append({ event: "task-end", ts, task: "b", status: "succeeded", attempt: 1, durationMs: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(onDisk().at(-1), "task-endb", "the last task's end is on disk by the end of the turn");
    await record.close();
  });

  it("reopens from events.jsonl when state.json lags it (a killed process), past a torn last line", async () => {
    const recordDir = path.join(dir, ".gluepy");
    const first = await RunRecord.open(recordDir);
    first.append(start(["a", "b"]));
    first.append({ event: "task-start", ts, task: "a", attempt: 1 });
    await first.flushState();
    // What a SIGKILL leaves: a's end written after the last state.json, then half a line.
    first.append({ event: "task-end", ts, task: "a", status: "succeeded", attempt: 1, durationMs: 1 });
    first.flushEvents();
    appendFileSync(path.join(recordDir, "events.jsonl"), '{"event":"task-start","ts":"2026-11');
    assert.equal(((await readStateFile(recordDir)) as RunState).tasks.a.status, "running");

    const again = await RunRecord.open(recordDir);
    assert.equal(again.current?.tasks.a.status, "succeeded");
    again.append(start(["a", "b"]));
    again.append({ event: "task-start", ts, task: "b", attempt: 1 });
    again.append({ event: "task-end", ts, task: "b", status: "succeeded", attempt: 1, durationMs: 1 });
    again.append({ event: "run-end", ts, status: "succeeded", durationMs: 5 });
    await again.close();
    const events = await readEvents(recordDir);
    assert.deepEqual(events.map((e) => e.event), ["run-start", "task-start", "task-end", "run-start", "task-start", "task-end", "run-end"], "the torn line stays apart");
    assert.deepEqual(await readStateFile(recordDir), reduceRunEvents(events));
  });

  it("closeSync writes the final state.json at once (an 'exit' handler's way)", async () => {
    const recordDir = path.join(dir, ".gluepy");
    const record = await RunRecord.open(recordDir);
    record.append(start(["a"]));
    record.append({ event: "task-start", ts, task: "a", attempt: 1 });
    record.append({ event: "task-end", ts, task: "a", status: "failed", attempt: 1, durationMs: 1, error: { message: "gone", stack: "" } });
    record.append({ event: "run-end", ts, status: "failed", durationMs: 5 });
    record.closeSync();
    assert.equal(((await readStateFile(recordDir)) as RunState).status, "failed");
    assert.deepEqual(await readStateFile(recordDir), reduceRunEvents(await readEvents(recordDir)));
    // The asynchronous write the failure started does not overwrite it afterwards.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(((await readStateFile(recordDir)) as RunState).status, "failed");
    assert.deepEqual((await fs.readdir(recordDir)).sort(), ["events.jsonl", "state.json"]);
  });

  it("reports a failed write at close instead of crashing the process", async () => {
    const recordDir = path.join(dir, ".gluepy");
    const record = await RunRecord.open(recordDir);
    await fs.rm(recordDir, { recursive: true });
    record.append(start(["a"]));
    await assert.rejects(record.close(), /Could not record the run in .*\.gluepy: ENOENT/);
  });
});
