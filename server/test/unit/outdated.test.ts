// Outdated tasks (issue 13): the recorded code of each task against the files' current hashes, and what
// runs after an outdated task.

import * as assert from "node:assert/strict";
import type { Edge, TaskNode } from "../../../shared/dag-model";
import { outdatedTasks } from "../../src/features/outdated";

// load → clean → train → report, and load → features → train: clean and features both import src/util.ts.
const nodes: TaskNode<string>[] = ["load", "clean", "features", "train", "report"].map((label) => ({ label, className: label, loc: `src/${label}.ts`, eval: false, groups: [] }));
const edges: Edge[] = [
  ["load", "clean"],
  ["load", "features"],
  ["clean", "train"],
  ["features", "train"],
  ["train", "report"],
];
const recorded = {
  load: { "src/load.ts": "l1" },
  clean: { "src/clean.ts": "c1", "src/util.ts": "u1" },
  features: { "src/features.ts": "f1", "src/util.ts": "u1" },
  train: { "src/train.ts": "t1" },
  report: { "src/report.ts": "r1" },
};
const unchanged: Record<string, string> = { "src/load.ts": "l1", "src/clean.ts": "c1", "src/features.ts": "f1", "src/util.ts": "u1", "src/train.ts": "t1", "src/report.ts": "r1" };

function outdated(hashes: Record<string, string | undefined>, extra: { recorded?: Record<string, Record<string, string>>; edges?: Edge[] } = {}) {
  const marks = outdatedTasks<string>({
    graph: { nodes, edges: extra.edges ?? edges },
    recorded: extra.recorded ?? recorded,
    moduleKey: (loc) => loc,
    hashNow: (key) => (key in hashes ? hashes[key] : unchanged[key]),
  });
  return Object.fromEntries(marks);
}

describe("outdated tasks", () => {
  it("marks nothing when every recorded file hashes as it did", () => {
    assert.deepEqual(outdated({}), {});
  });

  it("marks the tasks whose modules reach a changed file, with the file, and what runs after them with the task", () => {
    assert.deepEqual(outdated({ "src/util.ts": "u2" }), {
      clean: [{ kind: "code", detail: "src/util.ts" }],
      features: [{ kind: "code", detail: "src/util.ts" }],
      train: [
        { kind: "upstream", detail: "clean" },
        { kind: "upstream", detail: "features" },
      ],
      report: [{ kind: "upstream", detail: "train" }],
    });
  });

  it("names a changed task's own files before the upstream tasks that are outdated too", () => {
    assert.deepEqual(outdated({ "src/load.ts": "l2", "src/train.ts": "t2" }).train, [
      { kind: "code", detail: "src/train.ts" },
      { kind: "upstream", detail: "clean" },
      { kind: "upstream", detail: "features" },
    ]);
  });

  it("marks a task whose recorded file is gone, and one whose class moved to a module it did not reach", () => {
    assert.deepEqual(outdated({ "src/report.ts": undefined }).report, [{ kind: "code", detail: "src/report.ts" }]);
    const moved = { ...recorded, report: { "src/old-report.ts": "r1" } };
    assert.deepEqual(outdated({ "src/old-report.ts": "r1" }, { recorded: moved }).report, [{ kind: "code", detail: "src/report.ts" }]);
  });

  it("marks a task that recorded no fingerprint only through its upstream", () => {
    const { clean: _, ...withoutClean } = recorded;
    assert.deepEqual(outdated({ "src/clean.ts": "c2" }, { recorded: withoutClean }), {});
    assert.deepEqual(outdated({ "src/load.ts": "l2" }, { recorded: withoutClean }).clean, [{ kind: "upstream", detail: "load" }]);
  });

  it("ends on a cycle (a problem the graph reports), marking each task of it once", () => {
    const cyclic: Edge[] = [...edges, ["report", "clean"]];
    const marks = outdated({ "src/train.ts": "t2" }, { edges: cyclic });
    assert.deepEqual(Object.keys(marks), ["clean", "train", "report"]);
    assert.deepEqual(marks.clean, [{ kind: "upstream", detail: "report" }]);
  });
});
