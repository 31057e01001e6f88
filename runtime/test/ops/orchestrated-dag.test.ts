// The one model Airflow and Dagster files are rendered from: steps upstream first, the DAG's edges and
// the start step before each root, Python names for any label, the command every step runs.

import assert from "node:assert/strict";
import type { DagGraph } from "../../../shared/dag-model";
import { orchestratedDag, START_STEP } from "../../src/ops/orchestrator/orchestrated-dag";
import { pythonIdentifier, uniquePythonNames } from "../../src/ops/orchestrator/python-names";

const node = (label: string, evalTask = false) => ({ label, className: label, eval: evalTask, groups: [] });
const settings = { command: ["gluepy"], env: {}, retries: 0, retryDelaySeconds: 0 };

describe("the orchestrated DAG", () => {
  it("makes any label a Python identifier: dashes, dots, a leading digit, a keyword, nothing at all", () => {
    assert.deepEqual(["clean-data", "v1.score", "2nd", "class", "", "ok_1"].map(pythonIdentifier), ["clean_data", "v1_score", "_2nd", "class_", "_", "ok_1"]);
  });

  it("gives labels that meet as one identifier the next free suffix, and never a reserved name", () => {
    const nameOf = uniquePythonNames([START_STEP]);
    assert.deepEqual(["a-b", "a.b", "a_b", "a_b_2x", START_STEP].map(nameOf), ["a_b", "a_b_2", "a_b_3", "a_b_2x", "gluepy_start_2"]);
  });

  it("lists steps upstream first, with their upstream names, and orders them by the edges plus the start step before each root", () => {
    // Nodes out of order: "late" is listed first but runs after both others.
    const graph: DagGraph = {
      dag: "d",
      className: "D",
      nodes: [node("late", true), node("first-a"), node("first.b")],
      edges: [
        ["first-a", "late"],
        ["first.b", "late"],
      ],
      groups: [],
      problems: [],
    };
    const dag = orchestratedDag(graph, { ...settings, workingDir: "/srv/p" }, "img:1");
    assert.deepEqual(
      dag.tasks.map((t) => [t.label, t.name, t.upstream, t.eval]),
      [
        ["first-a", "first_a", [], false],
        ["first.b", "first_b", [], false],
        ["late", "late", ["first_a", "first_b"], true],
      ],
    );
    assert.deepEqual(dag.tasks[2].args, ["dag", "d", "--task", "late", "--retry"]);
    assert.deepEqual(
      dag.dependencies.map((d) => `${d.upstream} >> ${d.downstream}`),
      ["gluepy_start >> task_first_a", "gluepy_start >> task_first_b", "task_first_a >> task_late", "task_first_b >> task_late"],
    );
    assert.deepEqual(dag.command, ["gluepy", "--project", "/srv/p"]);
    assert.equal(dag.workingDir, "/srv/p");
    assert.equal(dag.image, "img:1");
  });
});
