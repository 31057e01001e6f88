// Resolves a DAG's entry lists into nodes and edges, and reports every problem DESIGN §2/§5 names.
// One source of truth for what a valid DAG is: the runtime refuses to run what this rejects, and the
// language server shows the same problems as diagnostics.

import {
  type ClassInfo,
  type DagEntry,
  type DagGraph,
  type DagInfo,
  type DagProblem,
  type Edge,
  type ProblemCode,
  PROBLEM_SEVERITY,
  type RefResolver,
  type RefUse,
  type RelatedInfo,
  type SubDagGroup,
  type TaskNode,
} from "./dag-model";
import { findCycles } from "./cycles";

interface PendingAfter<R, L> {
  node: string;
  deps: RefUse<R, L>[];
  /** Labels that count as "in this DAG" for the dependency check. */
  scope: Set<string>;
}

class GraphBuilder<R, L> {
  readonly nodes = new Map<string, TaskNode<L>>();
  readonly deps = new Map<string, string[]>();
  readonly groups: SubDagGroup<L>[] = [];
  readonly problems: DagProblem<L>[] = [];
  private readonly pending: PendingAfter<R, L>[] = [];
  private readonly dagStack: { label: string; loc?: L }[] = [];
  private readonly inlinedDags = new Map<string, L | undefined>();
  /** Nodes added while inlining each open scope, innermost last. */
  private readonly scopes: Set<string>[] = [];

  constructor(private readonly resolve: RefResolver<R, L>) {}

  problem(code: ProblemCode, message: string, loc: L | undefined, related: RelatedInfo<L>[] = [], path?: string[]) {
    const p: DagProblem<L> = { code, severity: PROBLEM_SEVERITY[code], message, loc, related };
    if (path) p.path = path;
    this.problems.push(p);
  }

  /** Adds a DAG's own entries as the outermost scope. */
  buildRoot(dag: DagInfo<R, L>) {
    this.dagStack.push({ label: dag.label, loc: dag.loc });
    this.scopes.push(new Set());
    const prev = this.addEntries(dag.tasks, [], false, []);
    this.addEntries(dag.evalTasks, prev, true, []);
    this.resolvePending(this.scopes.pop()!);
  }

  private addEntries(entries: DagEntry<R, L>[], prev: string[], isEval: boolean, groups: string[]): string[] {
    for (const entry of entries) {
      switch (entry.kind) {
        case "ref":
          prev = this.addRef(entry.ref, prev, isEval, groups);
          break;
        case "stage": {
          const leaves: string[] = [];
          for (const m of entry.members) leaves.push(...this.addRef(m, prev, isEval, groups));
          if (leaves.length > 0) prev = unique(leaves);
          break;
        }
        case "after":
          prev = this.addAfter(entry.ref, entry.deps, prev, isEval, groups);
          break;
        case "opaque":
          this.problem(
            "not-static",
            `This entry cannot be read statically${entry.text ? ` (${entry.text})` : ""}; the graph leaves it out. ` +
              "Write a class name, an array of class names, or Task.after(...).",
            entry.loc,
          );
          break;
      }
    }
    return prev;
  }

  private addAfter(use: RefUse<R, L>, deps: RefUse<R, L>[], prev: string[], isEval: boolean, groups: string[]): string[] {
    const info = this.resolve(use.ref);
    if (info?.kind === "dag") {
      // A sub-DAG placed with .after(): its roots wait for exactly the named tasks.
      const before = new Set(this.nodes.keys());
      const leaves = this.addRef(use, [], isEval, groups);
      const roots = [...this.nodes.keys()].filter((n) => !before.has(n) && (this.deps.get(n) ?? []).length === 0);
      for (const r of roots) this.pending.push({ node: r, deps, scope: this.currentScope() });
      return leaves.length > 0 ? leaves : prev;
    }
    const added = this.addRef(use, [], isEval, groups);
    if (info?.kind === "task" && added[0] === info.label && this.nodes.get(info.label)?.entryLoc === use.loc) {
      this.pending.push({ node: info.label, deps, scope: this.currentScope() });
    } else if (!info) {
      // The task itself is unknown; still check its dependencies so every bad name is reported.
      for (const d of deps) if (!this.resolve(d.ref)) this.unknownRef(d);
    }
    return added === prev ? prev : added;
  }

  private currentScope(): Set<string> {
    return this.scopes[this.scopes.length - 1];
  }

  private unknownRef(use: RefUse<R, L>) {
    this.problem(
      "unknown-task",
      `'${use.name}' is not a Task or DAG class. Import it, or define it with 'extends Task' or 'extends DAG'.`,
      use.loc,
    );
  }

  /** Adds one referenced class after `prev`; returns the entry's leaves (what the next entry runs after). */
  private addRef(use: RefUse<R, L>, prev: string[], isEval: boolean, groups: string[]): string[] {
    const info = this.resolve(use.ref);
    if (!info) {
      this.unknownRef(use);
      return prev;
    }
    return info.kind === "task" ? this.addTask(info, use, prev, isEval, groups) : this.addSubDag(info, use, prev, isEval, groups);
  }

  private addTask(info: ClassInfo<R, L> & { kind: "task" }, use: RefUse<R, L>, prev: string[], isEval: boolean, groups: string[]) {
    const existing = this.nodes.get(info.label);
    if (existing) {
      this.problem(
        "duplicate-task",
        `Task '${info.label}' appears more than once in DAG '${this.dagStack[0].label}'; a task runs once per DAG.`,
        groups.length === 0 ? use.loc : this.outermostEntryLoc(),
        [{ message: `'${info.label}' first appears here`, loc: existing.entryLoc }],
      );
      return prev;
    }
    this.nodes.set(info.label, {
      label: info.label,
      className: info.className,
      loc: info.loc,
      entryLoc: use.loc,
      eval: isEval,
      groups: [...groups],
    });
    this.deps.set(info.label, [...prev]);
    for (const s of this.scopes) s.add(info.label);
    return [info.label];
  }

  private addSubDag(info: DagInfo<R, L>, use: RefUse<R, L>, prev: string[], isEval: boolean, groups: string[]) {
    const onStack = this.dagStack.findIndex((d) => d.label === info.label);
    if (onStack >= 0) {
      const path = [...this.dagStack.slice(onStack).map((d) => d.label), info.label];
      this.problem(
        "cycle",
        `Cycle through sub-DAGs: ${path.join(" → ")}. A DAG cannot include itself.`,
        this.dagStack.length === 1 ? use.loc : this.outermostEntryLoc(),
        this.dagStack.slice(onStack).map((d, i) => ({ message: `'${d.label}' includes '${path[i + 1]}'`, loc: d.loc })),
        path,
      );
      return prev;
    }
    if (this.inlinedDags.has(info.label)) {
      this.problem(
        "duplicate-task",
        `Sub-DAG '${info.label}' appears more than once in DAG '${this.dagStack[0].label}'; its tasks would run twice.`,
        groups.length === 0 ? use.loc : this.outermostEntryLoc(),
        [{ message: `'${info.label}' first appears here`, loc: this.inlinedDags.get(info.label) }],
      );
      return prev;
    }
    this.inlinedDags.set(info.label, use.loc);
    const groupPath = [...groups, info.label];
    this.groups.push({
      id: groupPath.join("/"),
      label: info.label,
      className: info.className,
      parent: groups.length > 0 ? groups.join("/") : undefined,
      loc: info.loc,
    });
    this.dagStack.push({ label: info.label, loc: use.loc ?? info.loc });
    this.entryStack.push(use.loc);
    const scope = new Set<string>();
    this.scopes.push(scope);
    this.addEntries(info.tasks, prev, isEval, groupPath);
    this.resolvePending(scope);
    this.scopes.pop();
    this.entryStack.pop();
    this.dagStack.pop();
    if (scope.size === 0) return prev;
    // The next entry runs after every task of the sub-DAG that nothing else in it waits for.
    const hasSuccessor = new Set<string>();
    for (const n of scope) for (const d of this.deps.get(n) ?? []) if (scope.has(d)) hasSuccessor.add(d);
    return [...scope].filter((n) => !hasSuccessor.has(n));
  }

  private readonly entryStack: (L | undefined)[] = [];

  /** Problems found inside a sub-DAG are shown at the root DAG's entry that pulled it in. */
  private outermostEntryLoc(): L | undefined {
    return this.entryStack[0];
  }

  private resolvePending(scope: Set<string>) {
    const mine = this.pending.filter((p) => p.scope === scope);
    for (const p of mine) {
      const own = this.deps.get(p.node)!;
      for (const d of p.deps) {
        const info = this.resolve(d.ref);
        if (!info) {
          this.unknownRef(d);
        } else if (info.kind === "dag") {
          // .after(SubDag): wait for all of that sub-DAG's tasks.
          const inDag = [...this.nodes.values()].filter((n) => n.groups.includes(info.label)).map((n) => n.label);
          if (inDag.length === 0) this.unknownDependency(d, info.label, p.node);
          for (const l of inDag) if (!own.includes(l)) own.push(l);
        } else if (!scope.has(info.label)) {
          this.unknownDependency(d, info.label, p.node);
        } else if (!own.includes(info.label)) {
          own.push(info.label);
        }
      }
    }
    this.pending.splice(0, this.pending.length, ...this.pending.filter((p) => p.scope !== scope));
  }

  private unknownDependency(d: RefUse<R, L>, label: string, node: string) {
    this.problem(
      "unknown-dependency",
      `'${node}' runs after '${label}', but '${label}' is not a task of DAG '${this.dagStack[this.dagStack.length - 1].label}'. ` +
        "Add it to the DAG's tasks, or remove it from .after().",
      d.loc,
    );
  }
}

/** Builds the graph of one DAG. `resolve` looks up every class a DAG entry names. */
export function buildDagGraph<R, L>(dag: DagInfo<R, L>, resolve: RefResolver<R, L>): DagGraph<L> {
  const b = new GraphBuilder<R, L>(resolve);
  b.buildRoot(dag);
  const edges: Edge[] = [];
  // Indexed loops, not destructuring: this runs once per validation, cold, over every edge of big DAGs.
  b.deps.forEach((froms, to) => {
    for (let i = 0; i < froms.length; i++) edges.push([froms[i], to]);
  });
  for (const cycle of findCycles([...b.nodes.keys()], edges)) {
    const steps = cycle.slice(0, -1).map((l) => b.nodes.get(l)!);
    const shown = steps.find((n) => n.groups.length === 0) ?? steps[0];
    b.problem(
      "cycle",
      `Cycle: ${cycle.join(" → ")}. A task cannot run after itself; remove one of these dependencies.`,
      shown.groups.length === 0 ? shown.entryLoc : dag.loc,
      steps.map((n, i) => ({ message: `'${n.label}' runs before '${cycle[i + 1]}'`, loc: n.entryLoc ?? n.loc })),
      cycle,
    );
  }
  if (b.nodes.size === 0 && !b.problems.some((p) => p.severity === "error")) {
    b.problem("empty-dag", `DAG '${dag.label}' has no tasks; add Task classes to 'static tasks'.`, dag.loc);
  }
  return {
    dag: dag.label,
    className: dag.className,
    loc: dag.loc,
    nodes: [...b.nodes.values()],
    edges,
    groups: b.groups,
    problems: b.problems,
  };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
