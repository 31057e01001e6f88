// Large DAGs written into a copy of the example project, for the benchmarks that drive a real VS Code:
// src/big-tasks.ts holds the tasks, src/big-dags.ts the DAGs over them, all on a few lines so that every
// DAG's lenses show at once.

import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { generatedGraph } from "../../shared/test/sample-graphs";

/**
 * Tasks t0..t{n-1} (classes B0Task..., `run()` of `body`), n the largest of `sizes`, and DAGs big1..big{k}
 * of sizes[0..k-1] tasks over the first of them: each entry `.after` its predecessors in generatedGraph (~2
 * edges a task; a task with none after the one before it).
 */
export function writeBigDags(projectDir: string, sizes: readonly number[], body = ""): void {
  const tasks = Math.max(...sizes);
  const cls = (i: number) => `B${i}Task`;
  const classes = Array.from({ length: tasks }, (_, i) => `export class ${cls(i)} extends Task { static label = "t${i}"; async run() {${body}} }`);
  writeFileSync(path.join(projectDir, "src", "big-tasks.ts"), `import { Task } from "gluepy";\n${classes.join("\n")}\n`);
  const dagClasses = sizes.map((size, d) => {
    const preds = new Map<number, number[]>();
    for (const [from, to] of generatedGraph(size, 2 * size, 400 + d).edges) {
      const [a, b] = [Number(from.slice(5)), Number(to.slice(5))];
      preds.set(b, [...(preds.get(b) ?? []), a]);
    }
    const entries = Array.from({ length: size }, (_, i) => {
      if (i === 0) return cls(0);
      return `${cls(i)}.after(${(preds.get(i) ?? [i - 1]).map(cls).join(", ")})`;
    });
    return `export class Big${d + 1}DAG extends DAG { static label = "big${d + 1}"; static tasks = [${entries.join(", ")}]; }`;
  });
  const imports = Array.from({ length: tasks }, (_, i) => cls(i)).join(", ");
  writeFileSync(path.join(projectDir, "src", "big-dags.ts"), `import { DAG } from "gluepy";\nimport { ${imports} } from "./big-tasks";\n${dagClasses.join("\n")}\n`);
}
