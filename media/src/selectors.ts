// Graph selectors as dbt writes them: `+task` (task and its ancestors), `task+` (and its descendants),
// `2+task+1` (ancestors up to 2 steps, descendants up to 1), several separated by spaces (their union).

import type { Edge } from "../../shared/dag-model";
import { didYouMean } from "../../shared/suggest";
import { adjacency, reachable } from "../../shared/topo";

export interface Selector {
  task: string;
  /** Steps upstream to include: 0 none, Infinity all. */
  up: number;
  /** Steps downstream to include: 0 none, Infinity all. */
  down: number;
}

export type SelectionResult = { ok: true; tasks: Set<string> } | { ok: false; error: string };

const TERM = /^(?:(\d*)(\+))?([^\s+]+)(?:(\+)(\d*))?$/;

/** Parses one term (`2+train+`); undefined when it is not a selector. */
export function parseSelector(term: string): Selector | undefined {
  const m = TERM.exec(term.trim());
  if (!m) return undefined;
  const [, upDigits, upPlus, task, downPlus, downDigits] = m;
  return {
    task: task!,
    up: upPlus ? depth(upDigits) : 0,
    down: downPlus ? depth(downDigits) : 0,
  };
}

function depth(digits: string | undefined): number {
  return digits ? Number(digits) : Infinity;
}

/** The tasks a space-separated selector expression picks from the graph, or an error naming the bad term. */
export function selectTasks(expression: string, nodes: string[], edges: Edge[]): SelectionResult {
  const terms = expression.trim().split(/\s+/).filter(Boolean);
  const known = new Set(nodes);
  const { succ, pred } = adjacency(nodes, edges);
  const tasks = new Set<string>();
  for (const term of terms) {
    const sel = parseSelector(term);
    if (!sel) return { ok: false, error: `'${term}' is not a selector: write task, +task, task+ or 2+task+3.` };
    if (!known.has(sel.task)) {
      return { ok: false, error: `No task '${sel.task}' in this DAG.${didYouMean(sel.task, nodes)}` };
    }
    tasks.add(sel.task);
    if (sel.up > 0) for (const t of reachable(pred, [sel.task], sel.up)) tasks.add(t);
    if (sel.down > 0) for (const t of reachable(succ, [sel.task], sel.down)) tasks.add(t);
  }
  return { ok: true, tasks };
}
