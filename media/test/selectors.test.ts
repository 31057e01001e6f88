import { strict as assert } from "node:assert";
import { parseSelector, selectTasks } from "../src/selectors";
import { trainingGraph } from "../../shared/test/sample-graphs";

const labels = trainingGraph.nodes.map((n) => n.label);
const pick = (expr: string): string[] => {
  const r = selectTasks(expr, labels, trainingGraph.edges);
  assert.ok(r.ok, r.ok ? "" : r.error);
  return [...r.tasks].sort();
};

describe("graph selectors (dbt's +task+ operators)", () => {
  it("parses plain, ancestor, descendant and depth-limited terms", () => {
    assert.deepEqual(parseSelector("train"), { task: "train", up: 0, down: 0 });
    assert.deepEqual(parseSelector("+train"), { task: "train", up: Infinity, down: 0 });
    assert.deepEqual(parseSelector("train+"), { task: "train", up: 0, down: Infinity });
    assert.deepEqual(parseSelector("2+train+3"), { task: "train", up: 2, down: 3 });
    assert.equal(parseSelector("++train"), undefined);
    assert.equal(parseSelector("a b"), undefined);
  });

  it("+task keeps the task and all its ancestors", () => {
    assert.deepEqual(pick("+train"), ["check", "clean", "data", "features", "train"]);
  });

  it("task+ keeps the task and all its descendants", () => {
    assert.deepEqual(pick("features+"), ["features", "report", "test", "train"]);
  });

  it("n+task+m stops at the given depths", () => {
    assert.deepEqual(pick("1+train+1"), ["check", "features", "test", "train"]);
    assert.deepEqual(pick("clean+1"), ["check", "clean", "features"]);
  });

  it("several terms select their union", () => {
    assert.deepEqual(pick("data report"), ["data", "report"]);
  });

  it("an unknown task is an error that suggests the closest label", () => {
    assert.deepEqual(selectTasks("+trian", labels, trainingGraph.edges), {
      ok: false,
      error: "No task 'trian' in this DAG. Did you mean 'train'?",
    });
  });

  it("a malformed term is an error saying what to write", () => {
    const r = selectTasks("++x", labels, trainingGraph.edges);
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, /write task, \+task, task\+ or 2\+task\+3/);
  });
});
