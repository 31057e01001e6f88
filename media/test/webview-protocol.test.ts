import { strict as assert } from "node:assert";
import { MAX_LAYOUT_NODES } from "../../shared/layout/elk-input";
import { validateWebviewMessage } from "../../shared/webview-protocol";

describe("webview → extension messages: validateWebviewMessage", () => {
  it("accepts each known message and keeps only its known fields", () => {
    assert.deepEqual(validateWebviewMessage({ type: "ready" }), { type: "ready" });
    assert.deepEqual(validateWebviewMessage({ type: "ready", direction: "DOWN", size: 3 }), { type: "ready", direction: "DOWN" });
    assert.deepEqual(validateWebviewMessage({ type: "open-task", dag: "training", task: "train", uri: "file:///etc/passwd" }), {
      type: "open-task",
      dag: "training",
      task: "train",
    });
    assert.deepEqual(validateWebviewMessage({ type: "retry-from-task", dag: "d", task: "t" }), { type: "retry-from-task", dag: "d", task: "t" });
    assert.deepEqual(validateWebviewMessage({ type: "export-svg", dag: "d", svg: "<svg xmlns='x'></svg>" }), { type: "export-svg", dag: "d", svg: "<svg xmlns='x'></svg>" });
    assert.deepEqual(validateWebviewMessage({ type: "open-frame", dag: "d", task: "t", frame: 2, file: "/etc/passwd" }), { type: "open-frame", dag: "d", task: "t", frame: 2 });
    assert.deepEqual(validateWebviewMessage({ type: "open-file", dag: "d", task: "t", list: "outputs", index: 0 }), { type: "open-file", dag: "d", task: "t", list: "outputs", index: 0 });
    assert.deepEqual(validateWebviewMessage({ type: "open-log", dag: "d", task: "t", path: "/etc/passwd" }), { type: "open-log", dag: "d", task: "t" });
    assert.deepEqual(validateWebviewMessage({ type: "why-will-run", dag: "d", task: "t", args: ["--patch", "x"] }), { type: "why-will-run", dag: "d", task: "t" });
    assert.deepEqual(validateWebviewMessage({ type: "show-run", dag: "d", runId: "r1", runFolder: "/etc" }), { type: "show-run", dag: "d", runId: "r1" });
  });

  it("refuses unknown types, missing or mistyped fields, and non-objects", () => {
    for (const bad of [
      null,
      "run-dag",
      [],
      { type: "run-shell", command: "rm -rf /" },
      { type: "run-task", dag: "d" },
      { type: "run-task", dag: "d", task: 3 },
      { type: "run-dag", dag: "" },
      { type: "run-dag", dag: "x\n--patch evil.yaml" },
      { type: "run-dag", dag: "x".repeat(201) },
      { type: "export-svg", dag: "d", svg: "<script>alert(1)</script>" },
      { type: "toString" },
      { type: "ready", direction: "LEFT" },
      { type: "open-frame", dag: "d", task: "t", frame: -1 },
      { type: "open-frame", dag: "d", task: "t", frame: "/etc/passwd" },
      { type: "open-file", dag: "d", task: "t", list: "context", index: 0 },
      { type: "open-file", dag: "d", task: "t", list: "outputs", index: 1.5 },
      { type: "why-will-run", dag: "d" },
      { type: "show-run", dag: "d", runId: "r1\n--retry /" },
      { type: "ready", direction: null },
      { type: "__proto__" },
    ]) {
      assert.equal(validateWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe("webview → extension: a layout request", () => {
  const graph = {
    id: "root",
    layoutOptions: { "elk.algorithm": "layered", "elk.direction": "RIGHT" },
    children: [
      { id: "a", width: 150, height: 44 },
      { id: "g", layoutOptions: { "elk.padding": "[top=30]" }, children: [{ id: "b", width: 150, height: 44 }] },
    ],
    edges: [{ id: "e0", sources: ["a"], targets: ["b"] }],
  };

  it("is accepted as a copy with only what ELK reads of our graphs", () => {
    const sent = {
      type: "layout",
      id: 3,
      extra: true,
      graph: { ...graph, x: 5, labels: [{ text: "<img>" }], children: [{ ...graph.children[0], ports: [{ id: "p" }] }, graph.children[1]] },
    };
    assert.deepEqual(validateWebviewMessage(sent), { type: "layout", id: 3, graph });
  });

  it("is refused when its id or any part of its graph is malformed", () => {
    const node = (n: object) => ({ type: "layout", id: 1, graph: { ...graph, children: [n] } });
    for (const bad of [
      { type: "layout", id: -1, graph },
      { type: "layout", id: 1.5, graph },
      { type: "layout", id: "1", graph },
      { type: "layout", id: 1 },
      { type: "layout", id: 1, graph: "root" },
      { type: "layout", id: 1, graph: { ...graph, id: "" } },
      node({ id: 7 }),
      node({ id: "a", width: Number.NaN }),
      node({ id: "a", width: -3 }),
      node({ id: "a", height: "44" }),
      node({ id: "a", layoutOptions: { "elk.direction": 3 } }),
      node({ id: "a", layoutOptions: { "bad key!": "x" } }),
      node({ id: "a", children: {} }),
      { type: "layout", id: 1, graph: { ...graph, edges: [{ id: "e", sources: [], targets: ["a"] }] } },
      { type: "layout", id: 1, graph: { ...graph, edges: [{ id: "e", sources: ["a"], targets: [1] }] } },
    ]) {
      assert.equal(validateWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it("is refused past the size limits (nesting, tasks)", () => {
    let deep: object = { id: "leaf" };
    for (let i = 0; i < 70; i++) deep = { id: `n${i}`, children: [deep] };
    assert.equal(validateWebviewMessage({ type: "layout", id: 1, graph: deep }), undefined);
    const wide = { id: "root", children: Array.from({ length: MAX_LAYOUT_NODES + 1 }, (_, i) => ({ id: `t${i}`, width: 1, height: 1 })) };
    assert.equal(validateWebviewMessage({ type: "layout", id: 1, graph: wide }), undefined);
    wide.children.pop();
    wide.children.pop();
    assert.ok(validateWebviewMessage({ type: "layout", id: 1, graph: wide }), "just under the limit is accepted");
  });
});
