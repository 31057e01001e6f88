// Turns the shown graph (ViewGraph) into the ELK graph to lay out: layered, left to right (or top down), orthogonal
// edges, expanded sub-DAGs as compound nodes, every coordinate in the result absolute (root-relative).

import type { ElkExtendedEdge, ElkNode, LayoutOptions } from "elkjs/lib/elk-api";
import type { DagGraph } from "../dag-model";
import { buildViewGraph, nodeText, type ViewGraph, type ViewNode } from "./shown-graph";

export const NODE_HEIGHT = 44;
const CHAR_WIDTH = 7.2;
const NODE_PADDING = 28;
/** Room for the run detail line ("failed · 12.5 s · 3 attempts"). */
const MIN_NODE_WIDTH = 150;
/** Above this many nodes, one crossing-minimisation sweep: keeps a 500-node layout well under 500 ms. */
const BIG_GRAPH = 150;

/** Node width from its text (shown-graph.ts's nodeText). */
export function nodeWidth(node: Pick<ViewNode, "label" | "kind" | "members">): number {
  return Math.max(MIN_NODE_WIDTH, Math.ceil(nodeText(node).length * CHAR_WIDTH + NODE_PADDING));
}

/** Left to right in a wide panel, top to bottom in a tall one (a side panel): the graph fills the space. */
export type LayoutDirection = "RIGHT" | "DOWN";

export function directionFor(width: number, height: number): LayoutDirection {
  return width >= height ? "RIGHT" : "DOWN";
}

/** Big graphs: one balanced node alignment instead of the smallest of four. Measured interleaved in one run
 * on 500-task, 1,000-edge DAGs (ELK in Node, median of 6): 237 ms against 259 ms, and a third less tall a
 * drawing. (Longest-path layering: 714 ms; linear segments: 370 ms; network-simplex placement: 4.9 s.) */
const BIG_GRAPH_OPTIONS: LayoutOptions = { "elk.layered.nodePlacement.bk.fixedAlignment": "BALANCED" };

export function layoutOptions(nodeCount: number, hasGroups: boolean, direction: LayoutDirection = "RIGHT"): LayoutOptions {
  return {
    "elk.algorithm": "layered",
    "elk.direction": direction,
    "elk.edgeRouting": "ORTHOGONAL",
    // One layered layout across group borders (edges enter and leave sub-DAGs); not needed without groups.
    ...(hasGroups ? { "elk.hierarchyHandling": "INCLUDE_CHILDREN" } : {}),
    "elk.json.shapeCoords": "ROOT",
    "elk.json.edgeCoords": "ROOT",
    "elk.spacing.nodeNode": "20",
    "elk.layered.spacing.nodeNodeBetweenLayers": "40",
    // Edges into (and out of) one task share their last (first) stretch: a tidier drawing, and about a
    // fifth less layout time on a 500-task DAG (measured against the same options without it).
    "elk.layered.mergeEdges": "true",
    // One layout for the whole DAG, loose tasks included, rather than one per component then packed (~10% less time).
    "elk.separateConnectedComponents": "false",
    "elk.layered.thoroughness": nodeCount > BIG_GRAPH ? "1" : "7",
    ...(nodeCount > BIG_GRAPH ? BIG_GRAPH_OPTIONS : {}),
  };
}

const GROUP_OPTIONS: LayoutOptions = { "elk.padding": "[top=30,left=12,bottom=12,right=12]" };

export function toElkGraph(view: ViewGraph, direction: LayoutDirection = "RIGHT"): ElkNode {
  const root: ElkNode = { id: "root", layoutOptions: layoutOptions(view.nodes.length, view.groups.length > 0, direction), children: [], edges: [] };
  const containers = new Map<string, ElkNode>([["", root]]);
  for (const g of view.groups) containers.set(g.id, { id: g.id, layoutOptions: GROUP_OPTIONS, children: [] });
  // Groups come sorted by path, so a parent is always placed before its children.
  for (const g of view.groups) containers.get(g.parent ?? "")!.children!.push(containers.get(g.id)!);
  for (const n of view.nodes) {
    containers.get(n.parent ?? "")!.children!.push({ id: n.id, width: nodeWidth(n), height: NODE_HEIGHT });
  }
  root.edges = view.edges.map(([from, to], i): ElkExtendedEdge => ({ id: `e${i}`, sources: [from], targets: [to] }));
  return root;
}

/** The ELK graph a panel with no saved view asks for first: the whole DAG, no sub-DAG collapsed. The
 * extension host starts laying it out as it sends the graph (the page said its direction in `ready`), so the
 * page's request finds it under way or done. */
export function firstLayoutInput(graph: DagGraph, direction: LayoutDirection): ElkNode {
  return toElkGraph(buildViewGraph(graph), direction);
}

/** A made-up DAG to lay out before the first real one, so ELK's code is compiled (and, at size, optimised)
 * by then: `size` tasks and about twice as many edges, each to one of the next 20 tasks, as in wide DAGs. */
export function warmUpGraph(size = 60): ElkNode {
  const ids = Array.from({ length: size }, (_, i) => `w${i}`);
  const edges: [string, string][] = [];
  for (let i = 0; i < size; i++) {
    // The two steps never coincide (6i ≡ 15 mod 20 has no solution: 6i is even), so no edge repeats.
    for (const step of [1 + ((i * 7) % 20), 1 + ((i * 13 + 5) % 20)]) {
      const to = ids[i + step];
      if (to) edges.push([ids[i]!, to]);
    }
  }
  return toElkGraph({
    nodes: ids.map((id) => ({ id, kind: "task", label: id, className: "", eval: false, members: [id] })),
    groups: [],
    edges,
  });
}
