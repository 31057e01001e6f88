// The graph panel's state and drawing: the DAG shown, which tasks a focus selector keeps, which sub-DAGs
// are collapsed, the run colours and the viewport. Relayouts go through the layout engine; run events only
// repaint the nodes they name. The <body> data attributes it sets are what tests wait on.

import type { DagGraph } from "../../shared/dag-model";
import type { RunEvent } from "../../shared/events";
import type { SavedView } from "../../shared/webview-protocol";
import { applyRunEvent, type RunState } from "../../shared/run-state";
import { addTaskLog, type RunLogs } from "../../shared/task-logs";
import { exportSvg } from "./export-svg";
import { directionFor, toElkGraph, type LayoutDirection } from "../../shared/layout/elk-graph";
import type { LayoutClient } from "./layout/engines";
import { nodeTitle, renderGraph, type RenderedGraph, type RenderedNode } from "./render";
import { markNode, nodeCacheMarks, outdatedTasks, type OutdatedTasks } from "./cache-marks";
import type { CacheReason } from "../../shared/run-cache";
import { selectTasks, type SelectionResult } from "./selectors";
import { nodeStatus } from "./status";
import { buildViewGraph, type ViewGraph } from "../../shared/layout/shown-graph";
import { clustersFoldedBefore, foldClusters, foldedSets, parallelClusters, type ParallelCluster } from "../../shared/layout/parallel-clusters";
import { Minimap } from "./minimap";
import { boxAround, centreOn, keepAnchor, panBy, readableViewport, toTransform, visibleRegion, zoomAt, type Box, type Viewport } from "./viewport";

/** A graph as the page shows it: the served one names its project, which the saved view keeps for a reload. */
type ShownGraph = DagGraph & { project?: string };

const STATUS_CLASSES = ["status-pending", "status-running", "status-succeeded", "status-failed", "status-skipped", "status-cancelled"];

export class GraphView {
  graph?: ShownGraph;
  private rendered?: RenderedGraph;
  /** Task label → id of the node that shows it (itself or its collapsed group). */
  private shownAs = new Map<string, string>();
  private runState?: RunState;
  private runLogs: RunLogs = {};
  /** The tasks the server marks outdated in the graph shown (issue 13), with their reasons. */
  private outdated: OutdatedTasks = new Map();
  private collapsed = new Set<string>();
  /** Ids of the parallel clusters drawn as one node; `clusters` are those the last layout found. */
  private folded = new Set<string>();
  private clusters: ParallelCluster[] = [];
  private visible?: Set<string>;
  private focusExpression = "";
  private searchText = "";
  private viewport: Viewport = { x: 0, y: 0, k: 1 };
  private layoutSeq = 0;
  private direction?: LayoutDirection;
  /** Around the DAG's roots (nodes shown with nothing upstream): where a graph too big to read whole opens. */
  private rootsBox?: Box;
  private readonly minimap: Minimap;
  /** Tasks whose state changed since the last frame painted. */
  private readonly dirty = new Set<string>();
  private repaintAll = false;
  private paintFrame?: number;
  private eventsReceived = 0;
  /** The DAG whose saved view was restored before its first graph arrived. */
  private restoredFor?: string;
  /** The folded sets of a restored view (by their tasks), folded again by the first layout that finds them. */
  private restoredFolds?: unknown;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly layer: SVGGElement,
    private readonly layout: LayoutClient,
  ) {
    this.minimap = new Minimap(document.body, (point) => {
      const { width, height } = this.svg.getBoundingClientRect();
      this.setViewport(centreOn(this.viewport, point, width, height));
    });
  }

  /** Shows a graph; the same DAG again (a live edit) keeps focus, collapsed groups and the viewport. */
  async setGraph(graph: ShownGraph): Promise<void> {
    const sameDag = this.graph?.dag === graph.dag;
    const restored = !this.graph && this.restoredFor === graph.dag;
    this.graph = graph;
    this.outdated = outdatedTasks(graph);
    if (!sameDag) this.folded.clear();
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
    if (!this.graph) return undefined;
    const { dag, project } = this.graph;
    const folded = foldedSets(this.clusters, this.folded);
    return { dag, ...(project !== undefined ? { project } : {}), focus: this.focusExpression, collapsed: [...this.collapsed], ...(folded.length > 0 ? { folded } : {}) };
  }

  /** Before the first graph: reopens a view saved for the same DAG; returns the focus it restored. */
  restore(saved: unknown, dag: string): string | undefined {
    const s = saved as Partial<SavedView> | undefined;
    if (this.graph || s?.dag !== dag || typeof s.focus !== "string" || !Array.isArray(s.collapsed)) return undefined;
    this.focusExpression = s.focus;
    this.collapsed = new Set(s.collapsed.filter((g): g is string => typeof g === "string"));
    this.restoredFolds = s.folded;
    this.restoredFor = dag;
    return s.focus;
  }

  /** Lays out and draws what is shown now; a layout finished after a newer one started is dropped. */
  private async relayout(viewport: "keep" | "fit"): Promise<void> {
    if (!this.graph) return;
    const seq = ++this.layoutSeq;
    const shown = buildViewGraph(this.graph, { visible: this.visible, collapsed: this.collapsed });
    this.clusters = parallelClusters(shown);
    if (this.restoredFolds !== undefined) {
      this.folded = clustersFoldedBefore(this.clusters, this.restoredFolds);
      this.restoredFolds = undefined;
    }
    const view = foldClusters(shown, this.clusters, this.folded);
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
    this.rootsBox = firstRoots(view, this.rendered, this.direction);
    this.minimap.draw(this.rendered);
    for (const r of this.rendered.nodes.values()) this.paint(r);
    this.applySearch();
    this.selectTask(this.selected);
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

  /** Called after run state reaches the nodes (a frame's events, or a whole state). */
  onRunPainted?: () => void;
  private selected?: string;

  /** The run shown: the latest when the panel opened, then the one under way. */
  get currentRun(): RunState | undefined {
    return this.runState;
  }

  /** Each task's last log lines in the run shown. */
  get currentLogs(): RunLogs {
    return this.runLogs;
  }

  /** Marks a task's node as the selected one (the details pane shows it). */
  selectTask(task: string | undefined): void {
    this.selected = task;
    for (const [id, r] of this.rendered?.nodes ?? []) r.element.classList.toggle("selected", id === task);
  }

  setRunState(state: RunState | undefined, logs: RunLogs = {}): void {
    this.runState = state;
    this.runLogs = logs;
    for (const r of this.rendered?.nodes.values() ?? []) this.paint(r);
  }

  /** Folds a batch of run events into the state now and repaints the nodes they name on the next frame,
   * each once however many events named it (a 1,000-task run sends 10 events per ms). */
  applyRunEvents(events: RunEvent[]): void {
    for (const event of events) {
      if (event.event === "run-start") {
        // A new run starts from blank colours; a retry of the same run keeps what already succeeded (and its logs).
        const sameRun = this.runState?.runId === event.runId;
        this.runState = applyRunEvent(sameRun ? this.runState : undefined, event);
        if (!sameRun) this.runLogs = {};
        this.repaintAll = true;
      } else if (event.event === "task-log") addTaskLog(this.runLogs, event);
      else {
        // In place: the page owns this state (a copy per event made a 1,000-task run quadratic).
        this.runState = applyRunEvent(this.runState, event);
        if (event.event === "task-start" || event.event === "task-end") this.dirty.add(event.task);
      }
    }
    this.eventsReceived += events.length;
    if (this.paintFrame === undefined) this.paintFrame = requestAnimationFrame(() => this.paintRunEvents());
  }

  private paintRunEvents(): void {
    this.paintFrame = undefined;
    if (this.repaintAll) for (const r of this.rendered?.nodes.values() ?? []) this.paint(r);
    else {
      // A collapsed sub-DAG shows many tasks: painted once.
      const shown = new Set([...this.dirty].map((task) => this.shownAs.get(task) ?? ""));
      for (const id of shown) {
        const r = this.rendered?.nodes.get(id);
        if (r) this.paint(r);
      }
    }
    this.repaintAll = false;
    this.dirty.clear();
    document.body.dataset.runEventsShown = String(this.eventsReceived);
    this.onRunPainted?.();
  }

  private paint(r: RenderedNode): void {
    const view = nodeStatus(this.runState, r.node.members);
    const wanted = `status-${view.status}`;
    if (!r.element.classList.contains(wanted)) {
      r.element.classList.remove(...STATUS_CLASSES);
      r.element.classList.add(wanted);
    }
    if (r.detail.textContent !== view.detail) r.detail.textContent = view.detail;
    markNode(r.element, r.box.width, nodeTitle(r.node), nodeCacheMarks(this.runState, this.outdated, r.node.members));
  }

  /** Why a task is outdated against its last run (undefined when it is not). */
  outdatedReasons(task: string): readonly CacheReason[] | undefined {
    return this.outdated.get(task);
  }

  /** Highlights tasks whose label contains `text`, dims the rest, centres on the first zoomed in to at
   * least 1:1 (its label readable however far out the view was); returns the matches. */
  search(text: string): string[] {
    this.searchText = text.trim().toLowerCase();
    const matches = this.applySearch();
    const first = matches[0] && this.rendered?.nodes.get(matches[0]);
    if (first) {
      const { width, height } = this.svg.getBoundingClientRect();
      this.setViewport(centreOn(this.viewport, centre(first), width, height, Math.max(1, this.viewport.k)));
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

  /** The parallel cluster a shown task belongs to, if it has one (folded or not). */
  clusterOf(task: string): ParallelCluster | undefined {
    return this.clusters.find((c) => c.members.includes(task));
  }

  /** Folds a cluster of parallel tasks into one node, or unfolds it. */
  async toggleFold(clusterId: string): Promise<void> {
    if (this.folded.has(clusterId)) this.folded.delete(clusterId);
    else this.folded.add(clusterId);
    await this.relayout("keep");
  }

  /** Folds every cluster of parallel tasks the graph shows; returns how many there are. */
  async foldParallel(): Promise<number> {
    this.folded = new Set(this.clusters.map((c) => c.id));
    await this.relayout("fit");
    return this.folded.size;
  }

  async expandAll(): Promise<void> {
    this.collapsed.clear();
    this.folded.clear();
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

  /** The whole graph if it reads at that size, else the region around its roots at a readable scale. */
  private fitted(): Viewport {
    const { width, height } = this.svg.getBoundingClientRect();
    return this.rendered ? readableViewport(this.rendered.bounds, this.rootsBox, width, height).viewport : this.viewport;
  }

  private setViewport(vp: Viewport): void {
    this.viewport = vp;
    this.layer.setAttribute("transform", toTransform(vp));
    const { width, height } = this.svg.getBoundingClientRect();
    this.minimap.show(visibleRegion(vp, width, height));
  }
}

/** Around the roots (nodes with nothing upstream) in the DAG's first layer: where the flow starts. Roots
 * further down the flow (a source feeding a late task) would pull the view into the middle of a big DAG. */
function firstRoots(view: ViewGraph, rendered: RenderedGraph, direction: LayoutDirection): Box | undefined {
  const downstream = new Set(view.edges.map(([, to]) => to));
  const roots = view.nodes.flatMap((n) => (downstream.has(n.id) ? [] : (rendered.nodes.get(n.id)?.box ?? [])));
  const start = (b: Box): number => (direction === "RIGHT" ? b.x : b.y);
  const first = Math.min(...roots.map(start));
  return boxAround(roots.filter((b) => start(b) <= first + 1));
}

function centre(r: RenderedNode): { x: number; y: number } {
  return { x: r.box.x + r.box.width / 2, y: r.box.y + r.box.height / 2 };
}
