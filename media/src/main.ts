// The graph page's entry (dist/media/graph.js): joins the extension's messages, the toolbar, mouse and
// keyboard to the GraphView, and posts the user's actions back (shared/webview-protocol.ts).

import type { ServedDagGraph } from "../../shared/protocol";
import type { ExtensionToWebview, SavedView, WebviewToExtension } from "../../shared/webview-protocol";
import { GraphView } from "./graph-controller";
import { LayoutClient, type LayoutEngine } from "./layout/engines";
import { directionFor, warmUpGraph, type LayoutDirection } from "../../shared/layout/elk-graph";
import { showMenu, type MenuItem } from "./menu";
import { TaskDetails } from "./task-details";
import { cacheSections, WhyAnswers } from "./cache-details";
import { Timeline } from "./timeline";

// The state read back is whatever was saved before (an older page may have saved another shape): unknown.
declare function acquireVsCodeApi(): { postMessage(message: WebviewToExtension): void; getState(): unknown; setState(state: SavedView): void };

const vscode = acquireVsCodeApi();
const post = (message: WebviewToExtension): void => vscode.postMessage(message);

const byId = <T extends Element>(id: string): T => document.getElementById(id) as unknown as T;
const svg = byId<SVGSVGElement>("graph");
const messageBox = byId<HTMLDivElement>("message");
const menu = byId<HTMLDivElement>("menu");
const engines: LayoutEngine[] = ["host", "page", "worker"];
const engine = engines.find((e) => e === document.body.dataset.layoutEngine) ?? "worker";
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? "";
const layout = new LayoutClient(document.body.dataset.workerUri ?? "", engine, nonce, post);
const view = new GraphView(svg, byId<SVGGElement>("viewport"), layout);

/** The DAG's own problems, shown whenever there is nothing more pressing to say. */
let problemLine = "";

function say(text: string): void {
  messageBox.textContent = text || problemLine;
  messageBox.hidden = messageBox.textContent === "";
}

/** Runs a view change and saves the view for a reload; shows (and reports) what went wrong instead of failing silently. */
async function guarded(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
    const saved = view.savedView();
    if (saved) vscode.setState(saved);
  } catch (e) {
    const message = `Could not draw the graph: ${e instanceof Error ? e.message : String(e)}`;
    say(message);
    post({ type: "error", message: message.slice(0, 2000) });
  }
}

/** Task label → the DAGs using it, as the server last said. */
let dagsUsing: Record<string, string[]> = {};
/** The run the server's outdated marks compare with (issue 13). */
let comparedWith: string | undefined;
/** "Why will this run?" answers; an edit or a run may change them, so each new graph or run forgets them. */
const whyAnswers = new WhyAnswers();

function showGraph(graph: ServedDagGraph): Promise<void> {
  dagsUsing = graph.dagsUsing ?? {};
  comparedWith = graph.comparedWith?.runId;
  whyAnswers.clear();
  byId<HTMLSpanElement>("dag-name").textContent = graph.dag;
  // Errors first; a warning (an empty DAG) is worth a line too. Information (not-static) stays in the editor.
  const shown = graph.problems.filter((p) => p.severity !== "information").sort((a, b) => (a.severity === "error" ? 0 : 1) - (b.severity === "error" ? 0 : 1));
  problemLine = shown.length > 0 ? `${shown.length} problem${shown.length > 1 ? "s" : ""}: ${shown[0]!.message}` : "";
  say("");
  const isNewDag = view.graph?.dag !== graph.dag;
  if (isNewDag) details.close();
  const restoredFocus = view.restore(vscode.getState(), graph.dag);
  if (restoredFocus !== undefined) byId<HTMLInputElement>("focus").value = restoredFocus;
  else if (isNewDag) byId<HTMLInputElement>("focus").value = "";
  // The details follow a live edit too (the task's outdated reasons, or the task gone).
  return guarded(() => view.setGraph(graph)).then(() => {
    if (details.task !== undefined) showDetails(details.task);
  });
}

function isExtensionMessage(data: unknown): data is ExtensionToWebview {
  return typeof data === "object" && data !== null && typeof (data as { type?: unknown }).type === "string";
}

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isExtensionMessage(message)) return;
  switch (message.type) {
    case "graph": {
      const received = performance.now();
      void showGraph(message.graph).then(() => markOnScreen(received));
      break;
    }
    case "run-events":
      if (message.events.some((e) => e.event === "run-start")) whyAnswers.clear();
      view.applyRunEvents(message.events);
      break;
    case "why":
      whyAnswers.set(message.task, message.answer);
      view.selectTask(message.task);
      showDetails(message.task);
      break;
    case "run-state":
      view.setRunState(message.state ?? undefined, message.logs);
      view.onRunPainted?.();
      break;
    case "focus":
      byId<HTMLInputElement>("focus").value = message.selector;
      void applyFocus(message.selector);
      break;
    case "select":
      view.selectTask(message.task);
      showDetails(message.task);
      break;
    case "layout-result":
      layout.hostAnswered(message);
      break;
  }
});

/** How long the last graph took from its message to the screen (two frames after the drawing), for
 * measurements in a real VS Code (bench/graph-in-vscode.bench.ts). */
function markOnScreen(received: number): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => (document.body.dataset.graphOnScreenMs = String(Math.round(performance.now() - received)))),
  );
}

/** The direction of this page's first layout when it will be the whole DAG (no saved focus, collapsed
 * sub-DAG or folded parallel tasks): the extension host can lay that out while the graph travels here. */
function firstLayoutHint(): { direction?: LayoutDirection } {
  const saved = vscode.getState() as Partial<Record<keyof SavedView, unknown>> | undefined;
  const some = (list: unknown): boolean => Array.isArray(list) && list.length > 0;
  if (saved?.focus || some(saved?.collapsed) || some(saved?.folded)) return {};
  const { width, height } = svg.getBoundingClientRect();
  // Not laid out yet: its direction is unknown, and a wrong guess would hold the extension host's ELK.
  if (width === 0 || height === 0) return {};
  return { direction: directionFor(width, height) };
}

async function applyFocus(expression: string): Promise<void> {
  await guarded(async () => {
    const error = await view.focus(expression);
    say(error ?? "");
  });
}

// Toolbar.
const dag = (): string | undefined => view.graph?.dag;
const onClick = (id: string, action: () => void): void => byId<HTMLButtonElement>(id).addEventListener("click", action);
onClick("fit", () => view.fit());
onClick("zoom-in", () => view.zoom(1.25));
onClick("zoom-out", () => view.zoom(0.8));
onClick("collapse-all", () => void guarded(() => view.collapseAll()));
onClick("expand-all", () => void guarded(() => view.expandAll()));
onClick("focus-clear", () => {
  byId<HTMLInputElement>("focus").value = "";
  void applyFocus("");
});
onClick("run-dag", () => dag() && post({ type: "run-dag", dag: dag()! }));
onClick("retry-failed", () => dag() && post({ type: "retry-failed", dag: dag()! }));
onClick("export", () => {
  const svgText = view.exportSvg();
  if (svgText && dag()) post({ type: "export-svg", dag: dag()!, svg: svgText });
});
byId<HTMLInputElement>("search").addEventListener("input", (e) => {
  const text = (e.target as HTMLInputElement).value;
  const matches = view.search(text);
  say(text.trim() && matches.length === 0 ? `No task matches '${text.trim()}'.` : "");
});
byId<HTMLInputElement>("focus").addEventListener("keydown", (e) => {
  if (e.key === "Enter") void applyFocus((e.target as HTMLInputElement).value);
});

// Nodes: click opens the class (or expands a collapsed sub-DAG); the context menu runs from a node.
function nodeAt(target: EventTarget | null): { id: string; group?: string; parallel?: string } | undefined {
  const el = (target as Element | null)?.closest?.("[data-id], .group-toggle");
  if (!el) return undefined;
  return { id: el.getAttribute("data-id") ?? "", group: el.getAttribute("data-group") ?? undefined, parallel: el.getAttribute("data-parallel") ?? undefined };
}

// Details of the selected task beside the graph; kept current as run events are painted.
const detailsPane = document.createElement("aside");
detailsPane.id = "details";
detailsPane.className = "details";
detailsPane.hidden = true;
detailsPane.setAttribute("aria-label", "Task details");
// Beside the graph, not over it: the graph and the pane share a row.
const row = document.createElement("div");
row.className = "graph-row";
svg.replaceWith(row);
row.append(svg, detailsPane);
const details = new TaskDetails(detailsPane, post);

// The run's timeline under the graph, opened from the toolbar; a bar selects its task.
const timelinePane = document.createElement("div");
timelinePane.id = "timeline";
timelinePane.className = "timeline";
timelinePane.hidden = true;
timelinePane.setAttribute("aria-label", "Run timeline");
row.after(timelinePane);
const timeline = new Timeline(timelinePane, (task) => {
  view.selectTask(task);
  showDetails(task);
});
/** A toolbar button added by the page's own parts, placed after the button `after`. */
function toolbarButton(id: string, text: string, title: string, after: string): HTMLButtonElement {
  const button = document.createElement("button");
  button.id = id;
  button.type = "button";
  button.textContent = text;
  button.title = title;
  byId<HTMLButtonElement>(after).after(button);
  return button;
}

// Folds each set of parallel tasks (same upstream, same downstream) into one node; a folded node unfolds on click.
toolbarButton("fold-parallel", "Fold parallel", "Draw each set of parallel tasks (the same upstream and downstream tasks) as one node", "expand-all").addEventListener("click", () =>
  void guarded(async () => say((await view.foldParallel()) === 0 ? "No parallel tasks to fold (4 or more with the same upstream and downstream tasks)." : "")),
);

const timelineButton = toolbarButton("timeline-toggle", "Timeline", "Show the run's tasks on a time axis", "export");
timelineButton.addEventListener("click", () => {
  timeline.toggle(view.currentRun);
  timelineButton.setAttribute("aria-pressed", String(timeline.open));
});

function showDetails(task: string): void {
  const node = view.graph?.nodes.find((n) => n.label === task);
  if (!node || !dag()) return details.close();
  const outdated = view.outdatedReasons(task);
  const cache = { ...(outdated ? { outdated: { reasons: outdated, since: comparedWith } } : {}), why: whyAnswers.get(task) };
  const sections = cacheSections(dag()!, task, view.currentRun?.tasks[task], cache, post);
  details.show(dag()!, node, view.currentRun, { dagsUsing: dagsUsing[task] ?? [], log: view.currentLogs[task], sections });
}
view.onRunPainted = () => {
  if (details.task !== undefined) showDetails(details.task);
  timeline.draw(view.currentRun, details.task);
};

svg.addEventListener("click", (e) => {
  const hit = nodeAt(e.target);
  if (!hit) return;
  if (hit.group !== undefined) void guarded(() => view.toggleGroup(hit.group!));
  else if (hit.parallel !== undefined) void guarded(() => view.toggleFold(hit.parallel!));
  else {
    view.selectTask(hit.id);
    showDetails(hit.id);
  }
});

// A double click goes straight to the task's class.
svg.addEventListener("dblclick", (e) => {
  const hit = nodeAt(e.target);
  if (hit && hit.group === undefined && hit.parallel === undefined && dag()) post({ type: "open-task", dag: dag()!, task: hit.id });
});

svg.addEventListener("keydown", (e) => {
  if (e.key !== "Enter") return;
  (e.target as Element).dispatchEvent(new MouseEvent("click", { bubbles: true }));
});

svg.addEventListener("contextmenu", (e) => {
  const hit = nodeAt(e.target);
  const d = dag();
  if (!hit || !d) return;
  e.preventDefault();
  const cluster = view.clusterOf(hit.id);
  const items: MenuItem[] =
    hit.group !== undefined
      ? [{ label: "Expand sub-DAG", action: () => void guarded(() => view.toggleGroup(hit.group!)) }]
      : hit.parallel !== undefined
        ? [{ label: "Unfold parallel tasks", action: () => void guarded(() => view.toggleFold(hit.parallel!)) }]
        : [
          { label: "Open task class", action: () => post({ type: "open-task", dag: d, task: hit.id }) },
          { label: "Run this task", action: () => post({ type: "run-task", dag: d, task: hit.id }) },
          { label: "Run from here", action: () => post({ type: "run-from-task", dag: d, task: hit.id }) },
          { label: "Retry from here", action: () => post({ type: "retry-from-task", dag: d, task: hit.id }) },
          { label: "Focus on its lineage", action: () => void focusOn(`+${hit.id}+`) },
          { label: "Why will this run?", action: () => post({ type: "why-will-run", dag: d, task: hit.id }) },
          ...(cluster ? [{ label: `Fold its ${cluster.members.length} parallel tasks`, action: () => void guarded(() => view.toggleFold(cluster.id)) }] : []),
        ];
  showMenu(menu, e.clientX, e.clientY, items);
});

function focusOn(selector: string): Promise<void> {
  byId<HTMLInputElement>("focus").value = selector;
  return applyFocus(selector);
}

// Pan by dragging the background, zoom with the wheel about the pointer.
let drag: { x: number; y: number } | undefined;
svg.addEventListener("pointerdown", (e) => {
  if (e.button !== 0 || nodeAt(e.target)) return;
  drag = { x: e.clientX, y: e.clientY };
  svg.setPointerCapture(e.pointerId);
});
svg.addEventListener("pointermove", (e) => {
  if (!drag) return;
  view.pan(e.clientX - drag.x, e.clientY - drag.y);
  drag = { x: e.clientX, y: e.clientY };
});
svg.addEventListener("pointerup", () => (drag = undefined));
svg.addEventListener(
  "wheel",
  (e) => {
    e.preventDefault();
    const r = svg.getBoundingClientRect();
    view.zoom(Math.exp(-e.deltaY * 0.0015), { x: e.clientX - r.left, y: e.clientY - r.top });
  },
  { passive: false },
);

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  // Once the drag that resizes the panel settles.
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => void guarded(() => view.resized()), 150);
}).observe(svg);

const initial = document.getElementById("initial-graph");
if (initial?.textContent) void showGraph(JSON.parse(initial.textContent) as ServedDagGraph);
// While the extension fetches the graph; a failure here shows with the first real layout. (The extension
// host's engine is warm already.)
else if (layout.engineInUse !== "host") layout.layout(warmUpGraph()).catch(() => undefined);
post({ type: "ready", ...firstLayoutHint() });
