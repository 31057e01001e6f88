// What of ELK's answer the graph page draws (render.ts): shapes' ids, positions and sizes, edges' ends and
// sections. The rest (options echoed back, section ids and incoming/outgoing shapes, full-precision
// coordinates) would triple what crosses to the page, which may be across a network (code-server, remote).

import type { ElkEdgeSection, ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api";

/** A tenth of a pixel is below what the drawing shows at any zoom the panel allows. */
const round = (v: number | undefined): number | undefined => (v === undefined ? undefined : Math.round(v * 10) / 10);
const point = (p: ElkPoint): ElkPoint => ({ x: round(p.x)!, y: round(p.y)! });

function section(s: ElkEdgeSection): ElkEdgeSection {
  const out = { startPoint: point(s.startPoint), endPoint: point(s.endPoint) } as ElkEdgeSection;
  if (s.bendPoints?.length) out.bendPoints = s.bendPoints.map(point);
  return out;
}

function edge(e: ElkExtendedEdge): ElkExtendedEdge {
  return { id: e.id, sources: e.sources, targets: e.targets, sections: (e.sections ?? []).map(section) };
}

export function compactLayout(node: ElkNode): ElkNode {
  const out: ElkNode = { id: node.id, x: round(node.x), y: round(node.y), width: round(node.width), height: round(node.height) };
  if (node.children?.length) out.children = node.children.map(compactLayout);
  if (node.edges?.length) out.edges = (node.edges as ElkExtendedEdge[]).map(edge);
  return out;
}
