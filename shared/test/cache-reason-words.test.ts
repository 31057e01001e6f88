// The run cache's reasons in words: each kind the runtime gives reads as a sentence that names what changed.

import { strict as assert } from "node:assert";
import { dryRunWords, reasonWords } from "../cache-reason-words";
import { CACHE_REASON_KINDS, type CacheReason } from "../run-cache";

describe("run cache reasons in words", () => {
  it("says what changed for each kind of reason, naming the file, key or task", () => {
    const cases: [CacheReason, string][] = [
      [{ kind: "code", detail: "src/model.ts" }, "Its code changed: src/model.ts"],
      [{ kind: "code", detail: "package nodejs-polars 0.25.1 → 0.25.2" }, "A package it imports changed version: nodejs-polars 0.25.1 → 0.25.2"],
      [{ kind: "code", detail: "gluepy 0.1.0 → 0.2.0" }, "Gluepy changed version: 0.1.0 → 0.2.0"],
      [{ kind: "context", detail: "forecast.horizon" }, "A setting it read changed: forecast.horizon"],
      [{ kind: "input", detail: "raw/sales.csv" }, "A file it read changed: raw/sales.csv"],
      [{ kind: "input", detail: "raw/sales.csv (gone)" }, "A file it read is gone: raw/sales.csv"],
      [{ kind: "upstream", detail: "data" }, "It reads what data writes, and data runs first"],
      [{ kind: "no earlier run", detail: "" }, "No earlier run to reuse (only runs made with the cache on can be reused)"],
      [{ kind: "no earlier run", detail: "output model.json of runs/2026/12/04/r1 is gone or changed" }, "No earlier run to reuse: output model.json of runs/2026/12/04/r1 is gone or changed"],
      [{ kind: "cache off", detail: "" }, "The run cache is off, so every task runs (turn it on with cache: true in gluepy.config.ts)"],
      [{ kind: "opted out", detail: "cache = false" }, "It opted out of the run cache (static cache = false)"],
      [{ kind: "opted out", detail: "reads the outputs of fetch (cache = false)" }, "It opted out of the run cache: it reads the outputs of fetch (cache = false)"],
    ];
    for (const [reason, words] of cases) assert.equal(reasonWords(reason), words);
    assert.deepEqual(new Set(cases.map(([r]) => r.kind)), new Set(CACHE_REASON_KINDS), "every kind is worded");
  });

  it("heads a dry-run answer with whether the task will run, or the run it would be reused from", () => {
    assert.deepEqual(dryRunWords({ task: "train", willRun: true, reasons: [{ kind: "context", detail: "model.depth" }, { kind: "upstream", detail: "data" }] }), {
      headline: "Will run",
      reasons: ["A setting it read changed: model.depth", "It reads what data writes, and data runs first"],
    });
    assert.deepEqual(dryRunWords({ task: "data", willRun: false, reasons: [], cached: { runId: "20261204T1000Z-ab12", runFolder: "runs/2026/12/04/20261204T1000Z-ab12" } }), {
      headline: "Will be reused from run 20261204T1000Z-ab12",
      reasons: [],
    });
  });
});
