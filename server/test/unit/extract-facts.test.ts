// Fact extraction: what the index reads from one file, without running it.

import * as assert from "node:assert/strict";
import { extractFacts } from "../../src/index/extract-facts";

describe("extractFacts", () => {
  it("reads imports in every form: named, renamed, default, namespace", () => {
    const f = extractFacts("/w/a.ts", `import D, { A, B as C } from "./m";\nimport * as ns from "gluepy";\n`);
    assert.deepEqual(
      f.imports.map((i) => [i.local, i.imported, i.module]),
      [["D", "default", "./m"], ["A", "A", "./m"], ["C", "B", "./m"], ["ns", "*", "gluepy"]],
    );
    assert.equal(f.importInsertLine, 2);
  });

  it("reads exports, re-exports, export * and export * as", () => {
    const f = extractFacts(
      "/w/a.ts",
      `export class K {}\nexport default class D {}\nexport { K as L };\nexport { X as Y, default as Z } from "./x";\nexport * from "./all";\nexport * as ns from "./n";\n`,
    );
    assert.deepEqual(f.exports, [
      { exported: "K", local: "K" },
      { exported: "default", local: "D" },
      { exported: "L", local: "K" },
    ]);
    assert.deepEqual(f.reexports, [
      { exported: "Y", imported: "X", module: "./x" },
      { exported: "Z", imported: "default", module: "./x" },
      { exported: "ns", imported: "*", module: "./n" },
    ]);
    assert.deepEqual(f.starExports, ["./all"]);
  });

  it("reads a DAG's label and entries: chain, stage, .after, namespaced refs", () => {
    const f = extractFacts(
      "/w/d.ts",
      `class D extends g.DAG {\n  static label = "d";\n  static tasks = [A, [B, ns.C], E.after(A, B)] as const;\n  static evalTasks = [F];\n}\n`,
    );
    const d = f.classes[0];
    assert.deepEqual(d.base && [d.base.head, d.base.member], ["g", "DAG"]);
    assert.deepEqual(d.label && d.label.static && d.label.value, "d");
    assert.ok(d.tasks?.static);
    assert.deepEqual(
      d.tasks.entries.map((e) => e.kind),
      ["ref", "stage", "after"],
    );
    const stage = d.tasks.entries[1];
    assert.ok(stage.kind === "stage");
    assert.deepEqual(stage.members.map((m) => [m.head, m.member]), [["B", undefined], ["ns", "C"]]);
    const after = d.tasks.entries[2];
    assert.ok(after.kind === "after");
    assert.deepEqual([after.ref.head, ...after.deps.map((x) => x.head)], ["E", "A", "B"]);
    assert.ok(d.evalTasks?.static && d.evalTasks.entries.length === 1);
    // Position of `A` on line 3 (0-based 2).
    const a = d.tasks.entries[0];
    assert.ok(a.kind === "ref");
    assert.deepEqual(a.ref.range, { start: { line: 2, character: 18 }, end: { line: 2, character: 19 } });
  });

  it("marks labels and task lists that cannot be read statically, and entries it cannot read", () => {
    const f = extractFacts("/w/d.ts", `class D extends DAG {\n  static label = "x" + y;\n  static tasks = build();\n  static evalTasks = [...more, A];\n}\n`);
    const d = f.classes[0];
    assert.equal(d.label?.static, false);
    assert.equal(d.tasks?.static, false);
    assert.ok(d.evalTasks?.static);
    assert.deepEqual(d.evalTasks.entries.map((e) => e.kind), ["opaque", "ref"]);
  });

  it("ignores instance members named like the static ones", () => {
    const f = extractFacts("/w/t.ts", `class T extends Task {\n  label = "no";\n  tasks = [A];\n}\n`);
    assert.equal(f.classes[0].label, undefined);
    assert.equal(f.classes[0].tasks, undefined);
  });

  it("survives a half-typed file and still reads the classes before the break", () => {
    const f = extractFacts("/w/t.ts", `export class A extends Task {}\nexport class B extends DAG {\n  static tasks = [A,\n`);
    assert.deepEqual(f.classes.map((c) => c.name), ["A", "B"]);
  });
});
