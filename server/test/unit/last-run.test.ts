// Last run status for hover: read from the newest run folder's .gluepy/state.json under the project's
// storage root (gluepy.config.ts `storageRoot`, read as text, else data/).

import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lastRun, storageRootFor } from "../../src/features/last-run";

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
    assert.deepEqual(lastRun(join(root, "data"), { dag: "training" }), { runId: "r2", dag: "training", status: "failed", taskStatus: undefined });
  });

  it("gives a task's own status in the newest run that ran it", () => {
    assert.equal(lastRun(join(root, "data"), { task: "train" })?.taskStatus, "failed");
    assert.equal(lastRun(join(root, "data"), { task: "data" })?.runId, "r2");
  });

  it("gives nothing when no run matches or there is no data folder", () => {
    assert.equal(lastRun(join(root, "data"), { dag: "nope" }), undefined);
    assert.equal(lastRun(join(root, "missing"), { dag: "training" }), undefined);
  });

  it("finds the storage root in the nearest gluepy.config.ts, else the workspace folder's data/", () => {
    mkdirSync(join(root, "proj", "src", "deep"), { recursive: true });
    writeFileSync(join(root, "proj", "gluepy.config.ts"), `export default defineConfig({ storageRoot: "store/here" });\n`);
    assert.equal(storageRootFor(join(root, "proj", "src", "deep", "tasks.ts"), [root]), join(root, "proj", "store", "here"));
    mkdirSync(join(root, "plain", "src"), { recursive: true });
    assert.equal(storageRootFor(join(root, "plain", "src", "tasks.ts"), [root]), join(root, "data"));
  });
});
