// The model: labels, the registry built from module exports, and DAG classes resolved into graphs.

import assert from "node:assert/strict";
import { DAG, Task } from "gluepy";
import { resolveDag } from "../../src/exec/read-dag-class";
import { collectRegistry, DuplicateLabelError } from "../../src/exec/registry";
import { recordModuleSources, sourceOf } from "../../src/exec/source-map";

class A extends Task {
  run() {}
}
class B extends Task {
  static label = "bee";
  run() {}
}
class C extends Task {
  run() {}
}
class D extends Task {
  run() {}
}

describe("Task and DAG model", () => {
  it("labels default to the class name lower-cased, and a subclass does not inherit its base's label", () => {
    class Child extends B {}
    const reg = collectRegistry([{ A, B, Child }]);
    assert.deepEqual([...reg.tasks.keys()].sort(), ["a", "bee", "child"]);
  });

  it("registers subclasses at any depth, skips bases without run(), and walks nested export objects", () => {
    abstract class BaseTask extends Task {
      helper() {
        return 1;
      }
    }
    class Deep extends BaseTask {
      run() {}
    }
    class BaseDag extends DAG {}
    class Training extends BaseDag {
      static tasks = [Deep];
    }
    const reg = collectRegistry([{ BaseTask, BaseDag, Task, DAG }, { ns: { Deep, Training } }]);
    assert.deepEqual([...reg.tasks.keys()], ["deep"]);
    assert.deepEqual([...reg.dags.keys()], ["training"]);
  });

  it("raises on a duplicate Task label, naming both classes", () => {
    class X1 extends Task {
      static label = "same";
      run() {}
    }
    class X2 extends Task {
      static label = "same";
      run() {}
    }
    assert.throws(() => collectRegistry([{ X1 }, { X2 }]), (e: unknown) => {
      assert.ok(e instanceof DuplicateLabelError);
      assert.match(e.message, /Duplicate Task label 'same'.*X1.*X2/);
      return true;
    });
  });

  it("raises on a duplicate DAG label, but a Task and a DAG may share one", () => {
    class T extends Task {
      static label = "x";
      run() {}
    }
    class G1 extends DAG {
      static label = "x";
      static tasks = [T];
    }
    class G2 extends DAG {
      static label = "x";
      static tasks = [T];
    }
    const shared = collectRegistry([{ T, G1 }]);
    assert.equal(shared.tasks.get("x"), T);
    assert.equal(shared.dags.get("x"), G1);
    assert.throws(() => collectRegistry([{ G1, G2 }]), /Duplicate DAG label 'x'.*G1.*G2/);
  });

  it("the same class exported twice is one registration", () => {
    assert.equal(collectRegistry([{ A }, { Again: A }]).tasks.size, 1);
  });

  it("resolves chain, stage, .after() and sub-DAG entries into edges", () => {
    class Sub extends DAG {
      static tasks = [C, D];
    }
    class Main extends DAG {
      static tasks = [A, [B, Sub], C.after(A)];
    }
    class Fine extends DAG {
      static tasks = [A, [B, Sub]];
      static evalTasks = [];
    }
    const bad = resolveDag(Main).graph;
    assert.ok(bad.problems.some((p) => p.code === "duplicate-task"));
    const { graph, taskClasses } = resolveDag(Fine);
    assert.deepEqual(graph.problems, []);
    assert.deepEqual(graph.edges.map((e) => e.join(">")).sort(), ["a>bee", "a>c", "c>d"]);
    assert.equal(taskClasses.get("bee"), B);
  });

  it("refuses a cycle through .after(), naming the path", () => {
    class P extends Task {
      run() {}
    }
    class Q extends Task {
      run() {}
    }
    class Cyc extends DAG {
      static tasks = [P.after(Q), Q.after(P)];
    }
    const cycle = resolveDag(Cyc).graph.problems.find((p) => p.code === "cycle");
    assert.ok(cycle, "a cycle problem");
    assert.match(cycle.message, /p → q → p|q → p → q/);
  });

  it("reports an entry that is not a Task or DAG class as unknown-task", () => {
    class Broken extends DAG {
      static tasks = [A, undefined as unknown as typeof A];
    }
    const p = resolveDag(Broken).graph.problems;
    assert.equal(p[0]?.code, "unknown-task");
  });

  it("records where each exported class is declared, for run-start and the graph's node locations", () => {
    class Located extends Task {
      run() {}
    }
    class LocatedDag extends DAG {
      static tasks = [Located];
    }
    const source = ["import { Task } from 'gluepy';", "", "export class Located extends Task {", "  run() {}", "}", "export class LocatedDag extends DAG {}"].join("\n");
    recordModuleSources("/p/src/tasks.ts", source, { Located, Renamed: LocatedDag, helper: () => 1 });
    assert.deepEqual(sourceOf(Located), { file: "/p/src/tasks.ts", line: 3 });
    assert.deepEqual(sourceOf(LocatedDag), { file: "/p/src/tasks.ts", line: 6 });
    const node = resolveDag(LocatedDag).graph.nodes[0];
    assert.deepEqual(node.loc, { file: "/p/src/tasks.ts", line: 3 });
  });
});
