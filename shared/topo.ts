// Walks over a resolved graph: execution order, and what lies up- or downstream of a task.

import type { Edge } from "./dag-model";

export interface Adjacency {
  succ: Map<string, string[]>;
  pred: Map<string, string[]>;
}

export function adjacency(nodes: Iterable<string>, edges: Edge[]): Adjacency {
  const succ = new Map<string, string[]>();
  const pred = new Map<string, string[]>();
  for (const n of nodes) {
    succ.set(n, []);
    pred.set(n, []);
  }
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e];
    succ.get(edge[0])?.push(edge[1]);
    pred.get(edge[1])?.push(edge[0]);
  }
  return { succ, pred };
}

/** Kahn's order, stable in the given node order. Throws on a cycle (validate first). */
export function topologicalOrder(nodes: string[], edges: Edge[]): string[] {
  const { succ, pred } = adjacency(nodes, edges);
  const indeg = new Map(nodes.map((n) => [n, pred.get(n)!.length]));
  const ready = nodes.filter((n) => indeg.get(n) === 0);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const n = ready[i];
    order.push(n);
    for (const s of succ.get(n)!) {
      const d = indeg.get(s)! - 1;
      indeg.set(s, d);
      if (d === 0) ready.push(s);
    }
  }
  if (order.length !== nodes.length) throw new Error("graph has a cycle");
  return order;
}

/** The given tasks and everything reachable from them along `dir`, within `depth` steps (default: all). */
export function reachable(adj: Map<string, string[]>, from: Iterable<string>, depth = Infinity): Set<string> {
  const seen = new Set<string>(from);
  let frontier = [...seen];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const m of adj.get(n) ?? []) {
        if (!seen.has(m)) {
          seen.add(m);
          next.push(m);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

export function downstream(nodes: Iterable<string>, edges: Edge[], from: Iterable<string>, depth = Infinity): Set<string> {
  return reachable(adjacency(nodes, edges).succ, from, depth);
}

export function upstream(nodes: Iterable<string>, edges: Edge[], from: Iterable<string>, depth = Infinity): Set<string> {
  return reachable(adjacency(nodes, edges).pred, from, depth);
}
