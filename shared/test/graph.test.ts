import { strict as assert } from "node:assert";
import { buildDagGraph } from "../resolve-dag";
import type { ClassInfo, DagEntry, DagInfo, RefUse } from "../dag-model";
import { duplicateLabelProblems } from "../labels";
import { topologicalOrder, downstream, upstream } from "../topo";
import { closestMatches, didYouMean } from "../suggest";

// Refs are class names; locations are strings naming where an entry was written.
type Entry = DagEntry<string, string>;
const use = (name: string): RefUse<string, string> => ({ ref: name, name, loc: `@${name}` });
const t = (name: string): Entry => ({ kind: "ref", ref: use(name) });
const stage = (...names: string[]): Entry => ({ kind: "stage", members: names.map(use) });
const after = (name: string, ...deps: string[]): Entry => ({ kind: "after", ref: use(name), deps: deps.map(use) });

function world(classes: ClassInfo<string, string>[]) {
  const byName = new Map(classes.map((c) => [c.className, c]));
  return (ref: string) => byName.get(ref);
}
const task = (className: string, label = className.toLowerCase()): ClassInfo<string, string> => ({
  kind: "task",
  label,
  className,
  loc: `def:${className}`,
});
const dag = (className: string, tasks: Entry[], evalTasks: Entry[] = [], label = className.toLowerCase()): DagInfo<string, string> => ({
  kind: "dag",
  label,
  className,
  loc: `def:${className}`,
  tasks,
  evalTasks,
});
const tasks = ["A", "B", "C", "D", "E"].map((n) => task(n));

describe("shared DAG model: buildDagGraph", () => {
  it("chains plain entries: each runs after the entry before", () => {
    const g = buildDagGraph(dag("Chain", [t("A"), t("B"), t("C")]), world(tasks));
    assert.deepEqual(g.nodes.map((n) => n.label), ["a", "b", "c"]);
    assert.deepEqual(g.edges, [["a", "b"], ["b", "c"]]);
    assert.deepEqual(g.problems, []);
  });

  it("runs a parallel stage after the entry before, and the next entry after all members", () => {
    const g = buildDagGraph(dag("Fan", [t("A"), stage("B", "C"), t("D")]), world(tasks));
    assert.deepEqual(g.edges, [["a", "b"], ["a", "c"], ["b", "d"], ["c", "d"]]);
  });

  it("runs X.after(A, B) after exactly A and B, and the next plain entry after X", () => {
    const g = buildDagGraph(dag("Branch", [t("A"), t("B"), t("C"), after("D", "A"), t("E")]), world(tasks));
    assert.deepEqual(g.edges, [["a", "b"], ["b", "c"], ["a", "d"], ["d", "e"]]);
  });

  it("inlines a sub-DAG: roots after the entry before, the next entry after its leaves", () => {
    const sub = dag("Sub", [t("B"), stage("C", "D")]);
    const g = buildDagGraph(dag("Outer", [t("A"), t("Sub"), t("E")]), world([...tasks, sub]));
    assert.deepEqual(g.edges, [["a", "b"], ["b", "c"], ["b", "d"], ["c", "e"], ["d", "e"]]);
    assert.deepEqual(g.nodes.find((n) => n.label === "c")!.groups, ["sub"]);
    assert.deepEqual(g.groups.map((x) => x.id), ["sub"]);
  });

  it("puts evalTasks after the last task entry and marks them eval", () => {
    const g = buildDagGraph(dag("Ev", [t("A"), t("B")], [t("C")]), world(tasks));
    assert.deepEqual(g.edges, [["a", "b"], ["b", "c"]]);
    assert.deepEqual(g.nodes.map((n) => n.eval), [false, false, true]);
  });

  it("reports a cycle made with .after() and spells its path", () => {
    const g = buildDagGraph(dag("Cyc", [after("A", "B"), after("B", "A")]), world(tasks));
    const cyc = g.problems.filter((p) => p.code === "cycle");
    assert.equal(cyc.length, 1);
    assert.match(cyc[0].message, /a → b → a/);
    assert.deepEqual(cyc[0].path, ["a", "b", "a"]);
    assert.equal(cyc[0].severity, "error");
    assert.equal(cyc[0].related.length, 2);
  });

  it("reports sub-DAGs that include each other as a cycle, without recursing forever", () => {
    const p = dag("P", [t("A"), t("Q")]);
    const q = dag("Q", [t("B"), t("P")]);
    const g = buildDagGraph(p, world([...tasks, p, q]));
    const cyc = g.problems.find((x) => x.code === "cycle");
    assert.ok(cyc);
    assert.deepEqual(cyc.path, ["p", "q", "p"]);
    assert.equal(cyc.loc, "@Q");
  });

  it("reports unknown references at the entry that names them", () => {
    const g = buildDagGraph(dag("U", [t("A"), t("Nope"), after("B", "Missing")]), world(tasks));
    const unknown = g.problems.filter((p) => p.code === "unknown-task");
    assert.deepEqual(unknown.map((p) => p.loc), ["@Nope", "@Missing"]);
  });

  it("reports .after() of a task that is not in this DAG as unknown-dependency", () => {
    const g = buildDagGraph(dag("U", [t("A"), after("B", "C")]), world(tasks));
    const p = g.problems.find((x) => x.code === "unknown-dependency");
    assert.ok(p);
    assert.equal(p.loc, "@C");
  });

  it("reports a task listed twice, pointing at the first listing", () => {
    const g = buildDagGraph(dag("Dup", [t("A"), t("B"), t("A")]), world(tasks));
    const p = g.problems.find((x) => x.code === "duplicate-task");
    assert.ok(p);
    assert.equal(p.related[0].loc, "@A");
    assert.deepEqual(g.nodes.map((n) => n.label), ["a", "b"]);
  });

  it("warns about an empty DAG", () => {
    const g = buildDagGraph(dag("Empty", []), world(tasks));
    assert.deepEqual(g.problems.map((p) => [p.code, p.severity]), [["empty-dag", "warning"]]);
  });

  it("reports an unreadable entry as not-static information", () => {
    const g = buildDagGraph(dag("Op", [t("A"), { kind: "opaque", loc: "@x", text: "makeTasks()" }]), world(tasks));
    assert.deepEqual(g.problems.map((p) => [p.code, p.severity]), [["not-static", "information"]]);
  });

  it("handles a 10,000-task chain without deep recursion", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => task(`T${i}`));
    const g = buildDagGraph(dag("Big", many.map((x) => t(x.className))), world(many));
    assert.equal(g.edges.length, 9_999);
    assert.equal(topologicalOrder(g.nodes.map((n) => n.label), g.edges).length, 10_000);
  });
});

describe("shared DAG model: labels, order, suggestions", () => {
  it("reports every class that shares a label, with the others as related information", () => {
    const problems = duplicateLabelProblems([task("A", "x"), task("B", "x"), task("C"), dag("D", [], [], "x")]);
    assert.deepEqual(problems.map((p) => p.loc), ["def:A", "def:B"]);
    assert.equal(problems[0].related[0].loc, "def:B");
  });

  it("walks up- and downstream", () => {
    const nodes = ["a", "b", "c", "d"];
    const edges: [string, string][] = [["a", "b"], ["b", "c"], ["a", "d"]];
    assert.deepEqual([...downstream(nodes, edges, ["b"])], ["b", "c"]);
    assert.deepEqual([...upstream(nodes, edges, ["c"], 1)], ["c", "b"]);
  });

  it("suggests close labels", () => {
    assert.deepEqual(closestMatches("trainig", ["training", "evaluation", "train"]), ["training", "train"]);
    assert.equal(didYouMean("trainig", ["training"]), " Did you mean 'training'?");
    assert.equal(didYouMean("zzz", ["training"]), "");
  });
});
