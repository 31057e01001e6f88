// Label rules across a whole project: a label names one Task and one DAG at most (Gluepy raises otherwise).

import type { ClassInfo, DagProblem } from "./dag-model";
import { PROBLEM_SEVERITY } from "./dag-model";

/** One `duplicate-label` problem per class whose label another class of the same kind already has. */
export function duplicateLabelProblems<R, L>(classes: ClassInfo<R, L>[]): DagProblem<L>[] {
  const problems: DagProblem<L>[] = [];
  for (const kind of ["task", "dag"] as const) {
    const byLabel = new Map<string, ClassInfo<R, L>[]>();
    for (const c of classes) {
      if (c.kind !== kind) continue;
      const list = byLabel.get(c.label) ?? [];
      list.push(c);
      byLabel.set(c.label, list);
    }
    for (const [label, list] of byLabel) {
      if (list.length < 2) continue;
      for (const c of list) {
        const others = list.filter((o) => o !== c);
        problems.push({
          code: "duplicate-label",
          severity: PROBLEM_SEVERITY["duplicate-label"],
          message: `${kind === "task" ? "Task" : "DAG"} label '${label}' is used by ${others.length + 1} classes (${list
            .map((x) => x.className)
            .join(", ")}); labels must be unique. Set a different 'static label'.`,
          loc: c.loc,
          related: others.map((o) => ({ message: `'${label}' is also the label of ${o.className}`, loc: o.loc })),
        });
      }
    }
  }
  return problems;
}
