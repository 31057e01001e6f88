import { strict as assert } from "node:assert";
import { buildViewGraph } from "../../shared/layout/shown-graph";
import { toElkGraph } from "../../shared/layout/elk-graph";
import { trainingGraph } from "../../shared/test/sample-graphs";

describe("view graph: what the panel shows of a DagGraph", () => {
  it("shows every task inside its innermost expanded sub-DAG group", () => {
    const v = buildViewGraph(trainingGraph);
    assert.equal(v.nodes.length, 7);
    assert.equal(v.nodes.find((n) => n.id === "check")!.parent, "group:prep/quality");
    assert.equal(v.nodes.find((n) => n.id === "clean")!.parent, "group:prep");
    assert.equal(v.nodes.find((n) => n.id === "data")!.parent, undefined);
    assert.deepEqual(v.groups.map((g) => [g.id, g.parent]), [["group:prep", undefined], ["group:prep/quality", "group:prep"]]);
    assert.deepEqual(v.edges, trainingGraph.edges);
  });

  it("folds a collapsed sub-DAG (with the groups inside it) into one node and merges its edges", () => {
    const v = buildViewGraph(trainingGraph, { collapsed: new Set(["prep"]) });
    const prep = v.nodes.find((n) => n.id === "group:prep")!;
    assert.deepEqual(prep.members.sort(), ["check", "clean", "features"]);
    assert.equal(prep.kind, "group");
    assert.deepEqual(v.groups, []);
    assert.deepEqual(v.edges, [["data", "group:prep"], ["group:prep", "train"], ["train", "test"], ["test", "report"]]);
  });

  it("collapses a nested sub-DAG inside its expanded parent", () => {
    const v = buildViewGraph(trainingGraph, { collapsed: new Set(["prep/quality"]) });
    const quality = v.nodes.find((n) => n.id === "group:prep/quality")!;
    assert.equal(quality.parent, "group:prep");
    assert.deepEqual(quality.members, ["check"]);
    assert.deepEqual(v.groups.map((g) => g.id), ["group:prep"]);
  });

  it("keeps only the visible tasks and the edges between them; groups with nothing shown disappear", () => {
    const v = buildViewGraph(trainingGraph, { visible: new Set(["train", "test"]) });
    assert.deepEqual(v.nodes.map((n) => n.id), ["train", "test"]);
    assert.deepEqual(v.edges, [["train", "test"]]);
    assert.deepEqual(v.groups, []);
  });
});

describe("layout input: view graph → ELK graph", () => {
  it("asks for a layered, left-to-right, orthogonal layout in root coordinates, with groups as compound nodes", () => {
    const elk = toElkGraph(buildViewGraph(trainingGraph));
    assert.equal(elk.layoutOptions!["elk.algorithm"], "layered");
    assert.equal(elk.layoutOptions!["elk.edgeRouting"], "ORTHOGONAL");
    assert.equal(elk.layoutOptions!["elk.direction"], "RIGHT");
    assert.equal(toElkGraph(buildViewGraph(trainingGraph), "DOWN").layoutOptions!["elk.direction"], "DOWN");
    assert.equal(elk.layoutOptions!["elk.hierarchyHandling"], "INCLUDE_CHILDREN");
    assert.equal(elk.layoutOptions!["elk.json.shapeCoords"], "ROOT");
    const prep = elk.children!.find((c) => c.id === "group:prep")!;
    assert.deepEqual(prep.children!.map((c) => c.id).sort(), ["clean", "features", "group:prep/quality"]);
    assert.deepEqual(prep.children!.find((c) => c.id === "group:prep/quality")!.children!.map((c) => c.id), ["check"]);
    assert.equal(elk.edges!.length, trainingGraph.edges.length);
    assert.ok(elk.children!.every((c) => c.id.startsWith("group:") || (c.width! > 0 && c.height! > 0)));
  });

  it("trades crossing-minimisation passes for speed on big graphs only", () => {
    const small = toElkGraph(buildViewGraph(trainingGraph)).layoutOptions!["elk.layered.thoroughness"];
    assert.equal(toElkGraph(buildViewGraph(trainingGraph, { collapsed: new Set(["prep"]) })).layoutOptions!["elk.hierarchyHandling"], undefined, "no groups, no hierarchy handling");
    const bigView = { nodes: Array.from({ length: 500 }, (_, i) => ({ id: `t${i}`, kind: "task" as const, label: `t${i}`, className: "T", eval: false, members: [`t${i}`] })), groups: [], edges: [] };
    assert.equal(small, "7");
    assert.equal(toElkGraph(bigView).layoutOptions!["elk.layered.thoroughness"], "1");
    assert.equal(toElkGraph(bigView).layoutOptions!["elk.layered.nodePlacement.bk.fixedAlignment"], "BALANCED");
    assert.equal(toElkGraph(buildViewGraph(trainingGraph)).layoutOptions!["elk.layered.nodePlacement.bk.fixedAlignment"], undefined, "small graphs: ELK picks the best alignment");
    assert.equal(toElkGraph(bigView).layoutOptions!["elk.edgeRouting"], "ORTHOGONAL");
  });
});
