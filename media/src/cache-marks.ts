// The run cache's marks on the graph (issue 13): a "cached" badge on a task the shown run reused from an
// earlier run, an "outdated" badge on a task whose code changed since its last run (the server's outdated
// tasks, as the user types), and both in the node's tooltip with the reasons in words. Pure (nodeCacheMarks)
// apart from markNode, which draws them into a node the graph already drew.

import { reasonWords } from "../../shared/cache-reason-words";
import type { CacheReason, CachedFrom } from "../../shared/run-cache";
import type { RunState } from "../../shared/run-state";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Task label → why it is outdated (empty map: none, or the cache is off). */
export type OutdatedTasks = ReadonlyMap<string, readonly CacheReason[]>;

export interface NodeCacheMarks {
  /** A task node the shown run reused: the run its outputs came from. */
  cached?: CachedFrom;
  /** How many of the node's tasks were reused (a collapsed sub-DAG counts them). */
  cachedCount: number;
  outdatedCount: number;
  /** Badge texts, in the order drawn from the right: ["cached", "outdated"], ["3 cached"]. */
  badges: { kind: "cached" | "outdated"; text: string }[];
  /** Lines for the tooltip, after the node's own title. */
  tooltip: string[];
}

/** What a node (one task, or a collapsed sub-DAG of `members`) shows of the run cache. */
export function nodeCacheMarks(state: RunState | undefined, outdated: OutdatedTasks, members: readonly string[]): NodeCacheMarks {
  const single = members.length === 1;
  const reused = members.filter((m) => state?.tasks[m]?.cached);
  const stale = members.filter((m) => outdated.has(m));
  const marks: NodeCacheMarks = { cachedCount: reused.length, outdatedCount: stale.length, badges: [], tooltip: [] };
  if (single && reused.length === 1) marks.cached = state!.tasks[members[0]!]!.cached;
  if (reused.length > 0) {
    marks.badges.push({ kind: "cached", text: single ? "cached" : `${reused.length} cached` });
    marks.tooltip.push(single ? `Reused from run ${marks.cached!.runId} (not run again)` : `${reused.length} of its tasks reused from earlier runs`);
  }
  if (stale.length > 0) {
    marks.badges.push({ kind: "outdated", text: single ? "outdated" : `${stale.length} outdated` });
    if (single) marks.tooltip.push("Outdated since its last run:", ...outdated.get(members[0]!)!.map((r) => `• ${reasonWords(r)}`));
    else marks.tooltip.push(`${stale.length} of its tasks outdated since their last run: ${stale.join(", ")}`);
  }
  return marks;
}

/** The outdated tasks of the server's graph (gluepy/graph: each node's `outdated` reasons). */
export function outdatedTasks(graph: { nodes: readonly { label: string; outdated?: CacheReason[] }[] }): Map<string, CacheReason[]> {
  return new Map(graph.nodes.flatMap((n) => (n.outdated?.length ? [[n.label, n.outdated] as const] : [])));
}

/** Rough width of badge text at the badge's 10px font (no layout pass to measure it). */
const badgeWidth = (text: string): number => Math.ceil(text.length * 6 + 12);

/** Draws `marks` into a drawn node: badges on its top edge at the right, `cache-*` classes, and the tooltip
 * lines after `title` (the node's own). Cheap when nothing changed: called for every repainted node. */
export function markNode(element: SVGGElement, width: number, title: string, marks: NodeCacheMarks): void {
  element.classList.toggle("cached", marks.cachedCount > 0);
  element.classList.toggle("outdated", marks.outdatedCount > 0);
  const key = marks.badges.map((b) => `${b.kind}:${b.text}`).join("|");
  if (element.dataset.cacheBadges !== key) {
    element.dataset.cacheBadges = key;
    for (const old of element.querySelectorAll(":scope > .badge")) old.remove();
    let right = width - 6;
    for (const badge of marks.badges) {
      const w = badgeWidth(badge.text);
      right -= w;
      const g = document.createElementNS(SVG_NS, "g");
      g.setAttribute("class", `badge badge-${badge.kind}`);
      g.setAttribute("transform", `translate(${right},-8)`);
      const rect = document.createElementNS(SVG_NS, "rect");
      for (const [k, v] of Object.entries({ width: w, height: 15, rx: 7.5 })) rect.setAttribute(k, String(v));
      const text = document.createElementNS(SVG_NS, "text");
      for (const [k, v] of Object.entries({ x: w / 2, y: 11, "text-anchor": "middle" })) text.setAttribute(k, String(v));
      text.textContent = badge.text;
      g.append(rect, text);
      element.append(g);
      right -= 4;
    }
  }
  // Most repaints change no mark (a status event of a 1,000-task run): the title is touched only when its lines change.
  const tip = marks.tooltip.join("\n");
  if ((element.dataset.cacheTip ?? "") === tip) return;
  element.dataset.cacheTip = tip;
  const titleElement = element.querySelector(":scope > title");
  if (titleElement) titleElement.textContent = tip ? `${title}\n${tip}` : title;
}
