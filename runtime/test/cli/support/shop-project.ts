// A small generated project for the CLI tests: a DAG with a failing branch (A → [B, D], C after B),
// eval tasks with metrics, a cyclic DAG, a slow DAG to cancel, and a DAG for --task/--from-task.

export const SHOP_FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "shop", private: true }),
  "configs/default.yaml": "shop:\n  fail: true\n  greeting: hello\n",
  "fix.yaml": "shop:\n  fail: false\n",
  "src/tasks.ts": `import { Task, context, storage, mlops } from "gluepy";
import { label } from "./util.js";

export class ATask extends Task {
  static label = "a";
  async run() {
    console.log(label("a ran"));
    await storage.touch(storage.runpath("a.txt"), "a");
  }
}

export class BTask extends Task {
  static label = "b";
  async run() {
    const shop = context.shop as { fail: boolean };
    if (shop.fail) {
      throw new Error("b broke on purpose");
    }
    await storage.touch(storage.runpath("b.txt"), "b");
  }
}

export class CTask extends Task {
  static label = "c";
  async run() {
    await storage.touch(storage.runpath("c.txt"), "c");
  }
}

export class DTask extends Task {
  static label = "d";
  async run() {
    await storage.touch(storage.runpath("d.txt"), "d");
  }
}

export class ScoreTask extends Task {
  static label = "score";
  async run() {
    await mlops.logMetric("mae", 1.5);
    await mlops.logMetric("rmse", 2);
  }
}

export class SleepTask extends Task {
  static label = "sleep";
  async run() {
    console.log("sleeping");
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  }
}
`,
  "src/util.ts": `export function label(text: string): string {
  return "[" + text + "]";
}
`,
  "src/dags.ts": `import { DAG } from "gluepy";
import { ATask, BTask, CTask, DTask, ScoreTask, SleepTask } from "./tasks";

export class ShopDAG extends DAG {
  static label = "shop";
  static tasks = [ATask, [BTask, DTask], CTask.after(BTask)];
}

export class ScoredDAG extends DAG {
  static label = "scored";
  static tasks = [ATask, DTask];
  static evalTasks = [ScoreTask];
}

export class SleepyDAG extends DAG {
  static label = "sleepy";
  static tasks = [SleepTask];
}
`,
  "src/loop.ts": `import { DAG, Task } from "gluepy";

export class XTask extends Task {
  static label = "x";
  run() {}
}

export class YTask extends Task {
  static label = "y";
  run() {}
}

export class LoopDAG extends DAG {
  static label = "loop";
  static tasks = [XTask.after(YTask), YTask.after(XTask)];
}
`,
};
