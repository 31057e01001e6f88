// The graph panel's state and drawing: the DAG shown, which tasks a focus selector keeps, which sub-DAGs
// are collapsed, the run colours and the viewport. Relayouts go through the layout engine; run events only
// repaint the nodes they name. The <body> data attributes it sets are what tests wait on.

import type { DagGraph } from "../../shared/dag-model";
import type { RunEvent } from "../../shared/events";
import type { SavedView } from "../../shared/webview-protocol";
import { reduceRunEvent, type RunState } from "../../shared/run-state";
import { exportSvg } from "./export-svg";
import { directionFor, toElkGraph, type LayoutDirection } from "../../shared/layout/elk-graph";
import type { LayoutClient } from "./layout/engines";
import { renderGraph, type RenderedGraph, type RenderedNode } from "./render";
import { selectTasks, type SelectionResult } from "./selectors";
import { nodeStatus } from "./status";
import { buildViewGraph } from "../../shared/layout/shown-graph";
import { centreOn, fitViewport, keepAnchor, panBy, toTransform, zoomAt, type Viewport } from "./viewport";

const STATUS_CLASSES = ["status-pending", "status-running", "status-succeeded", "status-failed", "status-skipped", "status-cancelled"];

export class GraphView {
  graph?: DagGraph;
  private rendered?: RenderedGraph;
  /** Task label → id of the node that shows it (itself or its collapsed group). */
  private shownAs = new Map<string, string>();
  private runState?: RunState;
  private collapsed = new Set<string>();
  private visible?: Set<string>;
  private focusExpression = "";
  private searchText = "";
  private viewport: Viewport = { x: 0, y: 0, k: 1 };
  private layoutSeq = 0;
  private direction?: LayoutDirection;
  /** The DAG whose saved view was restored before its first graph arrived. */
  private restoredFor?: string;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly layer: SVGGElement,
    private readonly layout: LayoutClient,
  ) {}

  /** Shows a graph; the same DAG again (a live edit) keeps focus, collapsed groups and the viewport. */
  async setGraph(graph: DagGraph): Promise<void> {
    const sameDag = this.graph?.dag === graph.dag;
    const restored = !this.graph && this.restoredFor === graph.dag;
    this.graph = graph;
    if (!sameDag && !restored) {
      this.collapsed.clear();
      this.focusExpression = "";
      this.runState = undefined;
    }
    // A live edit may add or remove tasks the focus selects: select again (everything, if it no longer applies).
    this.visible = this.select(this.focusExpression);
    await this.relayout(sameDag && this.rendered ? "keep" : "fit");
  }

  savedView(): SavedView | undefined {
    return this.graph && { dag: this.graph.dag, focus: this.focusExpression, collapsed: [...this.collapsed] };
  }

  /** Before the first graph: reopens a view saved for the same DAG; returns the focus it restored. */
  restore(saved: unknown, dag: string): string | undefined {
    const s = saved as Partial<SavedView> | undefined;
    if (this.graph || s?.dag !== dag || typeof s.focus !== "string" || !Array.isArray(s.collapsed)) return undefined;
    this.focusExpression = s.focus;
    this.collapsed = new Set(s.collapsed.filter((g): g is string => typeof g === "string"));
    this.restoredFor = dag;
    return s.focus;
  }

  /** Lays out and draws what is shown now; a layout finished after a newer one started is dropped. */
  private async relayout(viewport: "keep" | "fit"): Promise<void> {
    if (!this.graph) return;
    const seq = ++this.layoutSeq;
    const view = buildViewGraph(this.graph, { visible: this.visible, collapsed: this.collapsed });
    const anchor = viewport === "keep" ? this.anchorNode() : undefined;
    const { width, height } = this.svg.getBoundingClientRect();
    this.direction = directionFor(width, height);
    document.body.classList.add("laying-out");
    const laid = await this.layout.layout(toElkGraph(view, this.direction)).finally(() => {
      if (seq === this.layoutSeq) document.body.classList.remove("laying-out");
    });
    if (seq !== this.layoutSeq) return;
    this.rendered = renderGraph(this.layer, view, laid);
    this.shownAs = new Map(view.nodes.flatMap((n) => n.members.map((m) => [m, n.id] as const)));
    for (const r of this.rendered.nodes.values()) this.paint(r);
    this.applySearch();
    const moved = anchor && this.rendered.nodes.get(anchor.id);
    this.setViewport(moved ? keepAnchor(this.viewport, anchor.centre, centre(moved)) : this.fitted());
    document.body.dataset.layoutEngineUsed = this.layout.engineInUse;
    document.body.dataset.layoutsRun = String(this.layout.layoutsRun);
    document.body.dataset.layoutDirection = this.direction;
    document.body.dataset.layoutSeq = String(seq);
  }

  /** The drawn node nearest the middle of the view, to hold in place across a relayout. */
  private anchorNode(): { id: string; centre: { x: number; y: number } } | undefined {
    if (!this.rendered) return undefined;
    const { width, height } = this.svg.getBoundingClientRect();
    const mid = { x: (width / 2 - this.viewport.x) / this.viewport.k, y: (height / 2 - this.viewport.y) / this.viewport.k };
    let best: { id: string; centre: { x: number; y: number } } | undefined;
    let bestDist = Infinity;
    for (const [id, r] of this.rendered.nodes) {
      const c = centre(r);
      const d = (c.x - mid.x) ** 2 + (c.y - mid.y) ** 2;
      if (d < bestDist) [best, bestDist] = [{ id, centre: c }, d];
    }
    return best;
  }

  setRunState(state: RunState | undefined): void {
    this.runState = state;
    for (const r of this.rendered?.nodes.values() ?? []) this.paint(r);
  }

  applyRunEvent(event: RunEvent): void {
    // A new run starts from blank colours; a retry of the same run keeps what already succeeded.
    const previous = event.event === "run-start" && this.runState?.runId !== event.runId ? undefined : this.runState;
    this.runState = reduceRunEvent(previous, event);
    if (event.event === "task-start" || event.event === "task-end") {
      const r = this.rendered?.nodes.get(this.shownAs.get(event.task) ?? "");
      if (r) this.paint(r);
    } else if (event.event === "run-start") {
      this.setRunState(this.runState);
    }
  }

  private paint(r: RenderedNode): void {
    const view = nodeStatus(this.runState, r.node.members);
    const wanted = `status-${view.status}`;
    if (!r.element.classList.contains(wanted)) {
      r.element.classList.remove(...STATUS_CLASSES);
      r.element.classList.add(wanted);
    }
    if (r.detail.textContent !== view.detail) r.detail.textContent = view.detail;
  }

  /** Highlights tasks whose label contains `text`, dims the rest, centres on the first; returns the matches. */
  search(text: string): string[] {
    this.searchText = text.trim().toLowerCase();
    const matches = this.applySearch();
    const first = matches[0] && this.rendered?.nodes.get(matches[0]);
    if (first) {
      const { width, height } = this.svg.getBoundingClientRect();
      this.setViewport(centreOn(this.viewport, centre(first), width, height));
    }
    return matches;
  }

  private applySearch(): string[] {
    const matches: string[] = [];
    for (const [id, r] of this.rendered?.nodes ?? []) {
      // A collapsed sub-DAG matches by its own label or any task inside it.
      const hit = this.searchText !== "" && [r.node.label, ...r.node.members].some((l) => l.toLowerCase().includes(this.searchText));
      if (hit) matches.push(id);
      r.element.classList.toggle("match", hit);
      r.element.classList.toggle("dimmed", this.searchText !== "" && !hit);
    }
    return matches;
  }

  /** Shows only what a selector expression picks (empty: everything); returns an error to show, if any. */
  async focus(expression: string): Promise<string | undefined> {
    if (!this.graph) return undefined;
    const result = this.selection(expression);
    if (result && !result.ok) return result.error;
    this.focusExpression = expression;
    this.visible = result?.tasks;
    await this.relayout("fit");
    return undefined;
  }

  private selection(expression: string): SelectionResult | undefined {
    if (!this.graph || expression.trim() === "") return undefined;
    return selectTasks(expression, this.graph.nodes.map((n) => n.label), this.graph.edges);
  }

  /** The tasks to show for a focus (all when there is none, or when it no longer applies). */
  private select(expression: string): Set<string> | undefined {
    const result = this.selection(expression);
    return result?.ok ? result.tasks : undefined;
  }

  async toggleGroup(groupId: string): Promise<void> {
    if (this.collapsed.has(groupId)) this.collapsed.delete(groupId);
    else this.collapsed.add(groupId);
    await this.relayout("keep");
  }

  async collapseAll(): Promise<void> {
    // Only the outermost groups: collapsing one hides the ones inside it.
    this.collapsed = new Set(this.graph?.groups.filter((g) => !g.parent).map((g) => g.id) ?? []);
    await this.relayout("fit");
  }

  async expandAll(): Promise<void> {
    this.collapsed.clear();
    await this.relayout("fit");
  }

  /** After the panel is resized: lay out again when it turned from wide to tall or back. */
  async resized(): Promise<void> {
    const { width, height } = this.svg.getBoundingClientRect();
    if (this.rendered && this.direction !== directionFor(width, height)) await this.relayout("fit");
  }

  fit(): void {
    this.setViewport(this.fitted());
  }

  zoom(factor: number, at?: { x: number; y: number }): void {
    const { width, height } = this.svg.getBoundingClientRect();
    this.setViewport(zoomAt(this.viewport, factor, at?.x ?? width / 2, at?.y ?? height / 2));
  }

  pan(dx: number, dy: number): void {
    this.setViewport(panBy(this.viewport, dx, dy));
  }

  exportSvg(): string | undefined {
    if (!this.rendered) return undefined;
    const background = getComputedStyle(document.body).backgroundColor;
    return exportSvg(this.svg, this.layer, this.rendered.bounds, background);
  }

  private fitted(): Viewport {
    const { width, height } = this.svg.getBoundingClientRect();
    return this.rendered ? fitViewport(this.rendered.bounds, width, height) : this.viewport;
  }

  private setViewport(vp: Viewport): void {
    this.viewport = vp;
    this.layer.setAttribute("transform", toTransform(vp));
  }
}

function centre(r: RenderedNode): { x: number; y: number } {
  return { x: r.box.x + r.box.width / 2, y: r.box.y + r.box.height / 2 };
}
