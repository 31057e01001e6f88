// What the panel shows of a DagGraph: the tasks a selector kept, collapsed sub-DAGs folded into one node
// each, the expanded sub-DAGs as groups around their tasks, and the edges between what is left.

import type { DagGraph, Edge } from "../dag-model";

export interface ViewNode {
  /** Task label, `group:<group id>` for a collapsed sub-DAG, `parallel:<first task>` for folded parallel
   * tasks (parallel-clusters.ts). */
  id: string;
  kind: "task" | "group" | "parallel";
  /** Text on the node: the task label or the sub-DAG label. */
  label: string;
  className: string;
  eval: boolean;
  /** The expanded group drawn around this node. */
  parent?: string;
  /** Task labels this node stands for (itself, or a collapsed group's visible tasks). */
  members: string[];
}

export interface ViewGroup {
  /** `group:<group id>`. */
  id: string;
  groupId: string;
  label: string;
  parent?: string;
}

export interface ViewGraph {
  nodes: ViewNode[];
  groups: ViewGroup[];
  edges: Edge[];
}

export interface ViewOptions {
  /** Tasks to show; all when absent. */
  visible?: Set<string>;
  /** Group ids (label paths joined by "/") shown as one node. */
  collapsed?: Set<string>;
}

/** The text drawn on a node (its width follows it): a task's label, a collapsed sub-DAG's "▸ label (n)",
 * folded parallel tasks' "▸ n parallel tasks". */
export function nodeText(node: Pick<ViewNode, "label" | "kind" | "members">): string {
  if (node.kind === "group") return `▸ ${node.label} (${node.members.length})`;
  return node.kind === "parallel" ? `▸ ${node.label}` : node.label;
}

export function groupNodeId(groupId: string): string {
  return `group:${groupId}`;
}

export function buildViewGraph(graph: DagGraph, options: ViewOptions = {}): ViewGraph {
  const collapsed = options.collapsed ?? new Set<string>();
  const groupInfo = new Map(graph.groups.map((g) => [g.id, g]));
  const nodes = new Map<string, ViewNode>();
  const repOf = new Map<string, string>();
  const shownGroups = new Set<string>();

  for (const task of graph.nodes) {
    if (options.visible && !options.visible.has(task.label)) continue;
    const path = task.groups;
    // The outermost collapsed group on the task's path stands for it.
    let cut = path.findIndex((_, i) => collapsed.has(path.slice(0, i + 1).join("/")));
    if (cut < 0) cut = path.length;
    const parentPath = path.slice(0, cut);
    for (let i = 1; i <= parentPath.length; i++) shownGroups.add(parentPath.slice(0, i).join("/"));
    const parent = parentPath.length > 0 ? groupNodeId(parentPath.join("/")) : undefined;

    if (cut === path.length) {
      repOf.set(task.label, task.label);
      nodes.set(task.label, { id: task.label, kind: "task", label: task.label, className: task.className, eval: task.eval, parent, members: [task.label] });
      continue;
    }
    const groupId = path.slice(0, cut + 1).join("/");
    const id = groupNodeId(groupId);
    repOf.set(task.label, id);
    const existing = nodes.get(id);
    if (existing) {
      existing.members.push(task.label);
      existing.eval &&= task.eval;
    } else {
      const info = groupInfo.get(groupId);
      nodes.set(id, { id, kind: "group", label: info?.label ?? path[cut]!, className: info?.className ?? "", eval: task.eval, parent, members: [task.label] });
    }
  }

  const edges: Edge[] = [];
  const seen = new Set<string>();
  for (const [from, to] of graph.edges) {
    const a = repOf.get(from);
    const b = repOf.get(to);
    if (a === undefined || b === undefined || a === b) continue;
    const key = `${a}\u0000${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push([a, b]);
  }

  const groups: ViewGroup[] = [...shownGroups].sort().map((groupId) => {
    const parts = groupId.split("/");
    return {
      id: groupNodeId(groupId),
      groupId,
      label: groupInfo.get(groupId)?.label ?? parts[parts.length - 1]!,
      parent: parts.length > 1 ? groupNodeId(parts.slice(0, -1).join("/")) : undefined,
    };
  });
  return { nodes: [...nodes.values()], groups, edges };
}
