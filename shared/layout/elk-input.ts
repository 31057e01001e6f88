// The graph the webview asks the extension host to lay out (a `layout` message): checked and copied to
// exactly the fields ELK's layered layout reads from our graphs, within size limits, before ELK sees it.

import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";

/** Far beyond any DAG the panel draws (a 10,000-task DAG with its groups), small enough to refuse junk. */
export const MAX_LAYOUT_NODES = 50_000;
export const MAX_LAYOUT_EDGES = 200_000;
const MAX_DEPTH = 64;
const MAX_ID = 300;
const MAX_OPTIONS = 50;
const MAX_SIZE = 1e6;

const isId = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= MAX_ID;
const isSize = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= MAX_SIZE;

/** Option keys and values as ELK spells them (`elk.layered.thoroughness`: "7"). */
function copyOptions(value: unknown): Record<string, string> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length > MAX_OPTIONS) return undefined;
  const out: Record<string, string> = {};
  for (const [key, v] of entries) {
    if (!/^[A-Za-z][\w.-]{0,99}$/.test(key) || typeof v !== "string" || v.length > 200) return undefined;
    out[key] = v;
  }
  return out;
}

class Counter {
  nodes = 0;
  edges = 0;
}

function copyEdge(value: unknown, count: Counter): ElkExtendedEdge | undefined {
  if (++count.edges > MAX_LAYOUT_EDGES || typeof value !== "object" || value === null) return undefined;
  const { id, sources, targets } = value as Record<string, unknown>;
  const ends = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.length <= 100 && v.every(isId);
  if (!isId(id) || !ends(sources) || !ends(targets)) return undefined;
  return { id, sources: [...sources], targets: [...targets] };
}

function copyNode(value: unknown, count: Counter, depth: number): ElkNode | undefined {
  if (++count.nodes > MAX_LAYOUT_NODES || depth > MAX_DEPTH || typeof value !== "object" || value === null) return undefined;
  const { id, width, height, layoutOptions, children, edges } = value as Record<string, unknown>;
  if (!isId(id)) return undefined;
  const node: ElkNode = { id };
  if (width !== undefined) {
    if (!isSize(width)) return undefined;
    node.width = width;
  }
  if (height !== undefined) {
    if (!isSize(height)) return undefined;
    node.height = height;
  }
  if (layoutOptions !== undefined) {
    const options = copyOptions(layoutOptions);
    if (!options) return undefined;
    node.layoutOptions = options;
  }
  if (children !== undefined) {
    if (!Array.isArray(children)) return undefined;
    node.children = [];
    for (const child of children) {
      const copy = copyNode(child, count, depth + 1);
      if (!copy) return undefined;
      node.children.push(copy);
    }
  }
  if (edges !== undefined) {
    if (!Array.isArray(edges)) return undefined;
    node.edges = [];
    for (const edge of edges) {
      const copy = copyEdge(edge, count);
      if (!copy) return undefined;
      node.edges.push(copy);
    }
  }
  return node;
}

/** A copy of the graph with only ids, sizes, options, children and edges; undefined when anything is off. */
export function copyElkInput(value: unknown): ElkNode | undefined {
  return copyNode(value, new Counter(), 0);
}
