import { strict as assert } from "node:assert";
import type { DagGraph, TaskNode } from "../dag-model";
import { clustersFoldedBefore, foldClusters, foldedSets, parallelClusters } from "../layout/parallel-clusters";
import { buildViewGraph } from "../layout/shown-graph";

const task = (label: string, groups: string[] = [], evalTask = false): TaskNode => ({ label, className: "T", eval: evalTask, groups });

/** load → fit_1..fit_6 → pick, plus two parallel pairs (too few to fold) and an eval fan-out apart. */
function fanOut(): DagGraph {
  const fits = Array.from({ length: 6 }, (_, i) => `fit_${i + 1}`);
  return {
    dag: "sweep",
    className: "SweepDAG",
    nodes: [task("load"), ...fits.map((f) => task(f)), task("pick"), task("a"), task("b"), task("lonely"), ...["e1", "e2", "e3", "e4"].map((e) => task(e, [], true))],
    edges: [...fits.flatMap((f): [string, string][] => [["load", f], [f, "pick"]]), ["pick", "a"], ["pick", "b"], ...["e1", "e2", "e3", "e4"].map((e): [string, string] => ["pick", e])],
    groups: [],
    problems: [],
  };
}

describe("parallel clusters of a shown graph", () => {
  it("finds 4 or more tasks with the same upstream and downstream tasks; pairs, lone tasks and mixed eval flags are left alone", () => {
    const clusters = parallelClusters(buildViewGraph(fanOut()));
    assert.deepEqual(clusters, [
      { id: "parallel:fit_1", members: ["fit_1", "fit_2", "fit_3", "fit_4", "fit_5", "fit_6"] },
      { id: "parallel:e1", members: ["e1", "e2", "e3", "e4"] },
    ]);
  });

  it("tasks in different sub-DAG boxes are not one cluster", () => {
    const g = fanOut();
    g.nodes = g.nodes.map((n) => (n.label === "fit_1" || n.label === "fit_2" ? { ...n, groups: ["left"] } : n));
    g.groups = [{ id: "left", label: "left", className: "LeftDAG" }];
    assert.deepEqual(parallelClusters(buildViewGraph(g)).map((c) => c.members), [["fit_3", "fit_4", "fit_5", "fit_6"], ["e1", "e2", "e3", "e4"]]);
  });

  it("folds a cluster into one node standing for its tasks, with their edges merged; unfolded clusters are untouched", () => {
    const view = buildViewGraph(fanOut());
    const clusters = parallelClusters(view);
    const folded = foldClusters(view, clusters, new Set(["parallel:fit_1"]));
    const node = folded.nodes.find((n) => n.id === "parallel:fit_1");
    assert.deepEqual(node && { kind: node.kind, label: node.label, members: node.members }, {
      kind: "parallel",
      label: "6 parallel tasks",
      members: ["fit_1", "fit_2", "fit_3", "fit_4", "fit_5", "fit_6"],
    });
    assert.equal(folded.nodes.length, view.nodes.length - 5);
    assert.deepEqual(folded.edges.filter(([a, b]) => a === "parallel:fit_1" || b === "parallel:fit_1"), [["load", "parallel:fit_1"], ["parallel:fit_1", "pick"]]);
    assert.ok(folded.nodes.some((n) => n.id === "e1"), "the eval cluster is not folded");
    assert.equal(foldClusters(view, clusters, new Set()), view, "nothing folded: the same view");
  });

  it("saves the folded sets by their tasks and folds the same sets again after a reload", () => {
    const clusters = parallelClusters(buildViewGraph(fanOut()));
    const saved = JSON.parse(JSON.stringify(foldedSets(clusters, new Set(["parallel:fit_1"])))) as unknown;
    assert.deepEqual(saved, [["fit_1", "fit_2", "fit_3", "fit_4", "fit_5", "fit_6"]], "only the folded set; the eval set stays unfolded");
    assert.deepEqual([...clustersFoldedBefore(clusters, saved)], ["parallel:fit_1"]);
    assert.deepEqual([...clustersFoldedBefore(clusters, [["fit_6", "fit_5", "fit_4", "fit_3", "fit_2", "fit_1"]])], ["parallel:fit_1"], "in any order");
  });

  it("after an edit of the DAG, a set that gained or lost a task is not folded again, and a saved state of another shape folds nothing", () => {
    const saved = foldedSets(parallelClusters(buildViewGraph(fanOut())), new Set(["parallel:fit_1", "parallel:e1"]));
    const grown = fanOut();
    grown.nodes.push(task("fit_7"));
    grown.edges.push(["load", "fit_7"], ["fit_7", "pick"]);
    assert.deepEqual([...clustersFoldedBefore(parallelClusters(buildViewGraph(grown)), saved)], ["parallel:e1"], "the sweep has a 7th task now: left unfolded");
    const shrunk = fanOut();
    shrunk.edges = shrunk.edges.filter(([a, b]) => a !== "fit_1" && b !== "fit_1");
    const shrunkClusters = parallelClusters(buildViewGraph(shrunk));
    assert.ok(shrunkClusters.some((c) => c.members.join() === "fit_2,fit_3,fit_4,fit_5,fit_6"), "fit_2..fit_6 are still a set, without fit_1");
    assert.deepEqual([...clustersFoldedBefore(shrunkClusters, saved)], ["parallel:e1"]);
    const clusters = parallelClusters(buildViewGraph(fanOut()));
    for (const bad of [undefined, null, "parallel:fit_1", [["fit_1", 2]], [{}], { 0: ["fit_1"] }]) assert.equal(clustersFoldedBefore(clusters, bad).size, 0, JSON.stringify(bad));
  });
});
