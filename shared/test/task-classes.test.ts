import { strict as assert } from "node:assert";
import { type BaseClass, type ClassDeclaration, classLabel, isRegistered, kindOf, type Lineage, lineageOf } from "../task-classes";

const decl = (over: Partial<ClassDeclaration> = {}): ClassDeclaration => ({
  name: "Prep",
  declaresRun: false,
  declaresLabel: false,
  declaresTasks: false,
  exported: true,
  ...over,
});
const TASK: BaseClass = { kind: "gluepy", name: "Task" };
const DAG: BaseClass = { kind: "gluepy", name: "DAG" };
const sub = (lineage: Lineage | undefined): BaseClass => (lineage ? { kind: "class", lineage } : undefined);

describe("which classes are Tasks and DAGs (shared/task-classes)", () => {
  it("a subclass of Task with run is a task, registered when exported", () => {
    const d = decl({ declaresRun: true });
    const l = lineageOf(d, TASK)!;
    assert.equal(kindOf(l), "task");
    assert.equal(isRegistered(l, d), true);
    assert.equal(isRegistered(l, { ...d, exported: false }), false);
  });

  it("a Task subclass without run is a base, not a task; its subclass with run is a task", () => {
    const base = lineageOf(decl(), TASK)!;
    assert.equal(kindOf(base), undefined);
    assert.equal(isRegistered(base, decl()), false);
    const leaf = lineageOf(decl({ declaresRun: true }), sub(base))!;
    assert.equal(kindOf(leaf), "task");
    // run inherited from a base counts as the subclass's own
    const inherits = lineageOf(decl(), sub(leaf))!;
    assert.equal(kindOf(inherits), "task");
  });

  it("a class extending neither Task nor DAG, or nothing resolvable, is neither", () => {
    assert.equal(lineageOf(decl({ declaresRun: true }), undefined), undefined);
    assert.equal(lineageOf(decl({ declaresRun: true }), sub(undefined)), undefined);
  });

  it("any DAG subclass resolves as a DAG; only one declaring label, tasks or evalTasks is registered", () => {
    const shared = lineageOf(decl(), DAG)!;
    assert.equal(kindOf(shared), "dag");
    assert.equal(isRegistered(shared, decl()), false);
    assert.equal(isRegistered(shared, decl({ declaresTasks: true })), true);
    assert.equal(isRegistered(shared, decl({ declaresLabel: true })), true);
    const child = lineageOf(decl({ declaresTasks: true }), sub(shared))!;
    assert.equal(kindOf(child), "dag");
  });

  it("labels: the literal static label, else the name lower-cased; an anonymous default export is named 'default'", () => {
    assert.equal(classLabel(decl({ name: "DataTask" })), "datatask");
    assert.equal(classLabel(decl({ name: "default", label: "prep" })), "prep");
    assert.equal(classLabel(decl({ name: "default" })), "default");
  });
});
