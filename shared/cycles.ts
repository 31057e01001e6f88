// Finds the cycles of a directed graph, one per strongly connected component, as label paths.

import type { Edge } from "./dag-model";

/** Each cycle as `[a, b, ..., a]` in edge direction, in the order the nodes were given. */
export function findCycles(nodes: string[], edges: Edge[]): string[][] {
  if (isAcyclic(nodes, edges)) return [];
  const succ = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const [from, to] of edges) succ.get(from)?.push(to);
  const cycles: string[][] = [];
  for (const scc of stronglyConnected(nodes, succ)) {
    const start = scc[0];
    const members = new Set(scc);
    if (scc.length === 1 && !succ.get(start)!.includes(start)) continue;
    cycles.push(pathBack(start, members, succ));
  }
  return cycles;
}

/** Tarjan's algorithm, iterative so a 10,000-task chain does not overflow the stack. */
function stronglyConnected(nodes: string[], succ: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  const order = new Map(nodes.map((x, i) => [x, i]));
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const children = succ.get(top.node)!;
      if (top.next < children.length) {
        const child = children[top.next++];
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, next: 0 });
        } else if (onStack.has(child)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const comp: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          comp.push(n);
        } while (n !== top.node);
        out.push(comp.sort((a, b) => order.get(a)! - order.get(b)!));
      }
    }
  }
  return out.reverse();
}

/** Shortest path from `start` back to itself inside one component (breadth-first). */
function pathBack(start: string, members: Set<string>, succ: Map<string, string[]>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const n = queue.shift()!;
    for (const c of succ.get(n)!) {
      if (!members.has(c)) continue;
      if (c === start) {
        const path = [start];
        for (let x = n; x !== start; x = parent.get(x)!) path.unshift(x);
        path.unshift(start);
        return path;
      }
      if (!parent.has(c)) {
        parent.set(c, n);
        queue.push(c);
      }
    }
  }
  return [start, start];
}

/**
 * Kahn's count over integer indices: the common case (no cycle) answered without Tarjan's string maps,
 * which cost most of a 10,000-task DAG's validation.
 */
function isAcyclic(nodes: string[], edges: Edge[]): boolean {
  const index = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) index.set(nodes[i], i);
  const indeg = new Int32Array(nodes.length);
  const head = new Int32Array(nodes.length).fill(-1);
  const next = new Int32Array(edges.length);
  const target = new Int32Array(edges.length);
  let m = 0;
  for (let e = 0; e < edges.length; e++) {
    const f = index.get(edges[e][0]);
    const t = index.get(edges[e][1]);
    if (f === undefined || t === undefined) continue;
    target[m] = t;
    next[m] = head[f];
    head[f] = m++;
    indeg[t]++;
  }
  const queue = new Int32Array(nodes.length);
  let tail = 0;
  for (let i = 0; i < nodes.length; i++) if (indeg[i] === 0) queue[tail++] = i;
  for (let q = 0; q < tail; q++) {
    for (let e = head[queue[q]]; e !== -1; e = next[e]) if (--indeg[target[e]] === 0) queue[tail++] = target[e];
  }
  return tail === nodes.length;
}
