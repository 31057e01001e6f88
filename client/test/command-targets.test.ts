// How commands read their arguments: code lenses pass (label, uri, dagLabels), the palette nothing, and
// the choices "Run Task" offers.

import { strict as assert } from "node:assert";
import type { DagListResult } from "../../shared/protocol";
import { dagsOfTask, findDag, lensArgs, runFolderChoices } from "../src/command-targets";
import type { RunSummary } from "../../shared/run-summary";

const loc = { uri: "file:///p/src/dags.ts", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } } };
const index: DagListResult = {
  dags: [{ label: "training", className: "TrainingDAG", location: loc, project: "/p", taskCount: 2, problems: [] }],
  tasks: [
    { label: "data", className: "DataTask", location: loc, project: "/p", dags: ["training", "scoring"] },
    { label: "lonely", className: "LonelyTask", location: loc, project: "/p", dags: [] },
  ],
};

describe("command arguments", () => {
  it("reads a code lens's positional arguments and drops what has the wrong type", () => {
    assert.deepEqual(lensArgs(["training", "file:///p/src/dags.ts"]), { label: "training", uri: "file:///p/src/dags.ts" });
    assert.deepEqual(lensArgs(["data", "file:///x.ts", ["training"]]), { label: "data", uri: "file:///x.ts", dags: ["training"] });
    assert.deepEqual(lensArgs([]), {});
    assert.deepEqual(lensArgs([42, {}, ["a", 1]]), {});
  });

  it("accepts a Uri object (explorer and editor menus pass one)", () => {
    assert.deepEqual(lensArgs([undefined, { scheme: "file", toString: () => "file:///a.ts" }]), { uri: "file:///a.ts" });
  });

  it("finds the DAGs of a task from the lens, else from the index", () => {
    assert.deepEqual(dagsOfTask("data", ["training"], index), ["training"]);
    assert.deepEqual(dagsOfTask("data", undefined, index), ["training", "scoring"]);
    assert.deepEqual(dagsOfTask("lonely", [], index), []);
    assert.deepEqual(dagsOfTask("unknown", undefined, undefined), []);
  });

  it("offers a new run first, then the DAG's past runs", () => {
    const runs: RunSummary[] = [
      { runId: "r2", runFolder: "runs/2026/11/25/r2", dag: "training", status: "failed", startedAt: "2026-11-25T10:00:00Z", tasks: {}, metrics: {}, params: {} },
      { runId: "r1", runFolder: "runs/2026/11/24/r1", dag: "other", status: "succeeded", startedAt: "2026-11-24T10:00:00Z", tasks: {}, metrics: {}, params: {} },
      { runId: "r0", runFolder: "runs/2026/11/24/r0", status: "unknown", tasks: {}, metrics: {}, params: {} },
    ];
    const choices = runFolderChoices(runs, "training");
    assert.deepEqual(choices.map((c) => c.folder), [undefined, "runs/2026/11/25/r2"]);
    assert.match(choices[1]!.description, /failed/);
  });

  it("names the known DAGs when a label is not in the index", () => {
    assert.equal((findDag(index, "training") as { label: string }).label, "training");
    assert.match((findDag(index, "trainign") as { error: string }).error, /no DAG labelled "trainign".*known: training/);
    assert.match((findDag(undefined, "x") as { error: string }).error, /no indexed DAG yet/);
  });
});
