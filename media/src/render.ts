// Draws a laid-out graph as SVG: groups (expanded sub-DAGs) behind, edges, then nodes with a label and a
// run-detail line. Returns the element of each node so a status update touches one node, not the graph.

import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import type { Box } from "./viewport";
import { nodeText, type ViewGraph, type ViewNode } from "../../shared/layout/shown-graph";

const SVG_NS = "http://www.w3.org/2000/svg";

export interface RenderedNode {
  node: ViewNode;
  element: SVGGElement;
  detail: SVGTextElement;
  box: Box;
}

export interface RenderedGraph {
  nodes: Map<string, RenderedNode>;
  bounds: Box;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  parent?.appendChild(el);
  return el;
}

function text(content: string, attrs: Record<string, string | number>, parent: Element): SVGTextElement {
  const el = svg("text", attrs, parent);
  el.textContent = content;
  return el;
}

/** Every laid-out shape by id, with absolute coordinates (the layout asks ELK for root coordinates). */
function shapesById(root: ElkNode): Map<string, ElkNode> {
  const byId = new Map<string, ElkNode>();
  const walk = (n: ElkNode): void => {
    for (const c of n.children ?? []) {
      byId.set(c.id, c);
      walk(c);
    }
  };
  walk(root);
  return byId;
}

function edgePath(edge: ElkExtendedEdge): string {
  return (edge.sections ?? [])
    .map((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p, i) => `${i === 0 ? "M" : "L"}${p.x},${p.y}`).join(" "))
    .join(" ");
}

/** A node's own tooltip (the run cache's marks add lines after it: cache-marks.ts). */
export function nodeTitle(node: ViewNode): string {
  if (node.kind === "parallel") return `${node.label} with the same upstream and downstream tasks: ${node.members.join(", ")} (click to unfold)`;
  return node.kind === "task" ? `${node.label} (${node.className})` : `${node.label}: ${node.members.length} tasks (click to expand)`;
}

/** Replaces the content of `layer` with the drawing of `view` laid out as `laid`. */
export function renderGraph(layer: SVGGElement, view: ViewGraph, laid: ElkNode): RenderedGraph {
  layer.replaceChildren();
  const shapes = shapesById(laid);
  const groupsLayer = svg("g", { class: "groups" }, layer);
  const edgesLayer = svg("g", { class: "edges" }, layer);
  const nodesLayer = svg("g", { class: "nodes" }, layer);

  for (const group of view.groups) {
    const s = shapes.get(group.id);
    if (!s) continue;
    const g = svg("g", { class: "group", "data-group": group.groupId, transform: `translate(${s.x},${s.y})` }, groupsLayer);
    svg("rect", { width: s.width!, height: s.height!, rx: 6 }, g);
    const title = svg("g", { class: "group-toggle", role: "button", tabindex: 0, "aria-label": `Collapse ${group.label}`, "data-group": group.groupId }, g);
    text(`▾ ${group.label}`, { x: 10, y: 19 }, title);
  }

  for (const edge of (laid.edges ?? []) as ElkExtendedEdge[]) {
    svg("path", { class: "edge", d: edgePath(edge), "data-from": edge.sources[0]!, "data-to": edge.targets[0]!, "marker-end": "url(#arrow)" }, edgesLayer);
  }

  const nodes = new Map<string, RenderedNode>();
  for (const node of view.nodes) {
    const s = shapes.get(node.id);
    if (!s) continue;
    const box = { x: s.x!, y: s.y!, width: s.width!, height: s.height! };
    const classes = ["node", node.kind, "status-pending", node.eval ? "eval" : ""].filter(Boolean).join(" ");
    const element = svg("g", { class: classes, "data-id": node.id, tabindex: 0, role: "button", transform: `translate(${box.x},${box.y})` }, nodesLayer);
    if (node.kind === "group") element.setAttribute("data-group", node.id.slice("group:".length));
    if (node.kind === "parallel") element.setAttribute("data-parallel", node.id);
    svg("title", {}, element).textContent = nodeTitle(node);
    svg("rect", { width: box.width, height: box.height, rx: 4 }, element);
    text(nodeText(node), { class: "label", x: 12, y: 18 }, element);
    const detail = text("", { class: "detail", x: 12, y: 35 }, element);
    nodes.set(node.id, { node, element, detail, box });
  }
  return { nodes, bounds: { x: 0, y: 0, width: laid.width ?? 0, height: laid.height ?? 0 } };
}
