// Last run status for hover: read from the newest run folder's .gluepy/state.json under data/runs.

import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lastRun } from "../../src/features/last-run";

describe("lastRun", () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), "gluepy-ls-runs-"));
    const state = (day: string, runId: string, s: object) => {
      const dir = join(root, "data", "runs", "2026", "11", day, runId, ".gluepy");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "state.json"), JSON.stringify(s));
    };
    state("02", "r1", { runId: "r1", dag: "training", status: "succeeded", tasks: { data: { status: "succeeded" } } });
    state("09", "r2", { runId: "r2", dag: "training", status: "failed", tasks: { data: { status: "succeeded" }, train: { status: "failed" } } });
    state("10", "r3", { runId: "r3", dag: "other", status: "succeeded", tasks: { x: { status: "succeeded" } } });
    mkdirSync(join(root, "data", "runs", "2026", "11", "11", "broken", ".gluepy"), { recursive: true });
    writeFileSync(join(root, "data", "runs", "2026", "11", "11", "broken", ".gluepy", "state.json"), "{not json");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("gives the newest run of a DAG, skipping runs of other DAGs and unreadable state files", () => {
    assert.deepEqual(lastRun([root], { dag: "training" }), { runId: "r2", dag: "training", status: "failed", taskStatus: undefined });
  });

  it("gives a task's own status in the newest run that ran it", () => {
    assert.equal(lastRun([root], { task: "train" })?.taskStatus, "failed");
    assert.equal(lastRun([root], { task: "data" })?.runId, "r2");
  });

  it("gives nothing when no run matches or there is no data folder", () => {
    assert.equal(lastRun([root], { dag: "nope" }), undefined);
    assert.equal(lastRun([join(root, "missing")], { dag: "training" }), undefined);
  });
});
