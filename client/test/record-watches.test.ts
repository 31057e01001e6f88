// What the Runs view watches to hear of runs started elsewhere: each level of today's path and the record
// folders of live and recent runs, one folder deep each; and, on real files with fs.watch (what a flat VS Code
// watcher uses), that this sees a run made with one mkdir -p and its record's last write, run after run.

import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, watch, writeFileSync, type FSWatcher } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runFolderFor } from "../../shared/run-folder-layout";
import type { RunSummary } from "../../shared/run-summary";
import { NEWEST_WATCHED, recordWatches, type RecordWatch } from "../src/record-watches";

const NOW = new Date("2026-12-05T07:30:00Z");
const ROOT = path.join(path.sep, "work", "store");

function run(runId: string, status: RunSummary["status"] = "succeeded", at = NOW): RunSummary {
  return { runId, runFolder: runFolderFor(runId, at), status, tasks: {}, metrics: {}, params: {} };
}

function existing(...dirs: string[]): (dir: string) => boolean {
  const all = new Set<string>();
  for (const dir of dirs) for (let d = dir; !all.has(d); d = path.dirname(d)) all.add(d);
  return (dir) => all.has(dir);
}

const flat = (watches: RecordWatch[]) => watches.filter((w) => !w.pattern.includes("/")).map((w) => `${w.dir} ${w.pattern}`);

describe("record watches", () => {
  it("watches for the storage root's first folder from the nearest folder above it while it does not exist", () => {
    const root = path.join(path.sep, "work", "projects", "run-store", "team");
    assert.deepEqual(recordWatches({ storageRoot: root, runs: [] }, NOW, existing(path.join(path.sep, "work", "projects", "forecast"))), [
      { dir: path.join(path.sep, "work", "projects"), pattern: "run-store" },
    ]);
  });

  it("watches the root for runs/ and every change below it, and each of today's folders that exists", () => {
    assert.deepEqual(recordWatches({ storageRoot: ROOT, runs: [] }, NOW, existing(ROOT)), [
      { dir: ROOT, pattern: "runs/**/.gluepy/state.json" },
      { dir: ROOT, pattern: "runs" },
    ]);
    const month = path.join(ROOT, "runs", "2026", "12");
    assert.deepEqual(flat(recordWatches({ storageRoot: ROOT, runs: [] }, NOW, existing(month, path.join(ROOT, "runs", "2026", "11", "30")))), [
      `${ROOT} runs`,
      `${path.join(ROOT, "runs")} *`,
      `${path.join(ROOT, "runs", "2026")} *`,
      `${month} *`,
    ]);
  });

  it("watches the records of the newest runs and of every running one, where they exist", () => {
    const runs = Array.from({ length: NEWEST_WATCHED + 10 }, (_, i) => run(`r${String(100 - i)}`));
    const oldRunning = run("r01", "running", new Date("2026-11-02T10:00:00Z"));
    const noRecords = run("r00", "running", new Date("2026-11-01T10:00:00Z"));
    const records = (r: RunSummary) => path.join(ROOT, ...r.runFolder.split("/"), ".gluepy");
    const watches = recordWatches({ storageRoot: ROOT, runs: [...runs, oldRunning, noRecords] }, NOW, existing(...[...runs, oldRunning].map(records)));
    const watched = watches.filter((w) => w.pattern === "state.json").map((w) => w.dir);
    assert.deepEqual(watched, [...runs.slice(0, NEWEST_WATCHED), oldRunning].map(records));
  });

  it("on real files: one folder deep each, it hears of every run made with one mkdir -p, and of its record's last write", async function () {
    this.timeout(20_000);
    const base = mkdtempSync(path.join(tmpdir(), "gluepy-record-watches-"));
    const root = path.join(base, "run-store");
    const watchers: FSWatcher[] = [];
    const heard: string[] = [];
    let hear: (() => void) | undefined;
    // What the view does: a listing (here: the runs made so far) says what to watch, and any event lists again.
    const rewatch = (runs: RunSummary[]) => {
      for (const w of watchers.splice(0)) w.close();
      for (const w of recordWatches({ storageRoot: root, runs }, NOW, existsSync)) {
        if (w.pattern.includes("/")) continue; // the recursive watcher is VS Code's; it is what misses runs
        const match = w.pattern === "*" ? () => true : (name: string | null) => name === w.pattern;
        watchers.push(
          watch(w.dir, (_kind, name) => {
            if (!match(name)) return;
            heard.push(path.join(w.dir, String(name)));
            hear?.();
          }),
        );
      }
    };
    const heardOf = async (act: () => void) => {
      heard.length = 0;
      const once = new Promise<void>((resolve) => (hear = resolve));
      act();
      await once;
      hear = undefined;
    };
    try {
      const runs: RunSummary[] = [];
      rewatch(runs);
      for (let i = 0; i < 5; i++) {
        const r = run(`20261205T0730${String(i).padStart(2, "0")}Z-e2e`, "running");
        const records = path.join(root, ...r.runFolder.split("/"), ".gluepy");
        const state = path.join(records, "state.json");
        // The runtime makes the run folder and its records at once, then writes its state (write, rename).
        await heardOf(() => {
          mkdirSync(records, { recursive: true });
          writeFileSync(state + ".tmp", "{}");
          renameSync(state + ".tmp", state);
        });
        assert.ok(heard.length > 0, `run ${i}: nothing heard`);
        runs.unshift(r);
        rewatch(runs);
        await heardOf(() => {
          writeFileSync(state + ".tmp", '{"status":"failed"}');
          renameSync(state + ".tmp", state);
        });
        assert.ok(heard.includes(state), `run ${i}: its last write was not heard (heard ${heard.join(", ")})`);
        r.status = "failed";
      }
    } finally {
      for (const w of watchers) w.close();
      rmSync(base, { recursive: true, force: true });
    }
  });
});
