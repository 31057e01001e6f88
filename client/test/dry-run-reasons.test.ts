// "Why will this run?" reads the dry run's JSON lines and answers for one task, or says why it cannot.

import { strict as assert } from "node:assert";
import { dryRunOf, parseDryRun } from "../src/dry-run-reasons";

const stdout = [
  JSON.stringify({ task: "data", willRun: false, reasons: [], cached: { runId: "r1", runFolder: "runs/2026/12/04/r1" } }),
  "a log line the CLI printed",
  JSON.stringify({ task: "train", willRun: true, reasons: [{ kind: "code", detail: "src/model.ts" }] }),
  JSON.stringify({ task: "odd", willRun: true, reasons: [{ kind: "weather", detail: "rain" }] }),
  "{ not json",
].join("\n");

describe("dry-run reasons", () => {
  it("keeps the well-formed dry-run lines only (a reason of an unknown kind makes its line unusable)", () => {
    assert.deepEqual(parseDryRun(stdout).map((l) => l.task), ["data", "train"]);
  });

  it("answers for the asked task: reused with its run, or will run with its reasons", () => {
    const ok = { code: 0, stdout, stderr: "" };
    assert.deepEqual(dryRunOf(ok, "training", "data"), { task: "data", willRun: false, reasons: [], cached: { runId: "r1", runFolder: "runs/2026/12/04/r1" } });
    assert.deepEqual(dryRunOf(ok, "training", "train"), { task: "train", willRun: true, reasons: [{ kind: "code", detail: "src/model.ts" }] });
  });

  it("says why there is no answer: the CLI's last error line, or a task the dry run does not list", () => {
    const failed = { code: 2, stdout: "", stderr: "Loading gluepy.config.ts\nDAG 'training' has errors: unknown-task Foo\n" };
    assert.deepEqual(dryRunOf(failed, "training", "train"), { error: "gluepy dag training --dry-run said: DAG 'training' has errors: unknown-task Foo" });
    assert.deepEqual(dryRunOf({ code: 1, stdout: "", stderr: "" }, "training", "train"), { error: "gluepy dag training --dry-run exited 1 without an answer" });
    assert.deepEqual(dryRunOf({ code: 0, stdout, stderr: "" }, "training", "gone"), { error: 'the dry run of training has no task "gone" (is it in the DAG?)' });
  });
});
