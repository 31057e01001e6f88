// The graph panel: a webview showing one DAG (page by media/, protocol in shared/webview-protocol.ts).
// It gets the graph from the server, follows index changes and runs of that DAG, and turns the page's
// (validated) messages into actions. Panels come back after a window reload (a serializer reopens the DAG
// the page saved).

import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { ElkNode } from "elkjs/lib/elk-api";
import type { DagGraph } from "../../shared/dag-model";
import type { RunEvent } from "../../shared/events";
import type { DagGraphResult, SourceLocation } from "../../shared/protocol";
import { stackFrames } from "../../shared/stack-frames";
import { validateWebviewMessage, type ExtensionToWebview, type WebviewToExtension, type WhyAnswer } from "../../shared/webview-protocol";
import { dataFormatOfPath } from "../../shared/data-formats";
import { FrameBatches } from "./frame-batches";
import { renderGraphHtml } from "./graph-page-html";
import { firstLayoutInput, type LayoutDirection } from "../../shared/layout/elk-graph";
import type { Actions } from "./actions";
import { graphLayoutSetting } from "./config";
import { requestGraph, type Ctx } from "./ctx";
import { GRAPH_VIEW_TYPE, graphPanelKey, isShownBy, savedTargetOf, type GraphTarget } from "./graph-panel-state";
import { answerLayout } from "./layout/host";
import { projectOfUri } from "./projects";
import { PREVIEW_DATA_COMMAND, type StorageFile } from "./table-preview";
import { formatRunEvent } from "./log-format";
import { recordedFile } from "./recorded-files";
import { readRunEvents, recordDirOf } from "./run-folders";
import { reduceRunEvents } from "../../shared/run-state";
import { runLogs } from "../../shared/task-logs";
import type { RunEventNotice } from "./run";
import { askWhyWillRun } from "./why-will-run";

/** What the panels learnt of their pages: the direction of the last one's first layout, kept across windows
 * so that a window's first panel also starts its layout while its page loads. */
class PageMemory {
  private static readonly KEY = "gluepy.graph.lastDirection";
  lastDirection?: LayoutDirection;

  constructor(private readonly state: vscode.Memento) {
    const kept = state.get<unknown>(PageMemory.KEY);
    if (kept === "RIGHT" || kept === "DOWN") this.lastDirection = kept;
  }

  remember(direction: LayoutDirection): void {
    this.lastDirection = direction;
    void this.state.update(PageMemory.KEY, direction);
  }
}

/** One panel per DAG of a project (graph-panel-state.ts); showing a DAG again reveals its panel. */
export class GraphPanels implements vscode.Disposable {
  private readonly panels = new Map<string, GraphPanel>();
  private readonly memory: PageMemory;
  private readonly serializer: vscode.Disposable;

  /** `state`: where the last panel's direction is kept for the next window (the extension's global state). */
  constructor(private readonly ctx: Ctx, private readonly actions: Actions, state: vscode.Memento) {
    this.memory = new PageMemory(state);
    this.serializer = vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => this.restore(panel, state),
    });
  }

  show(target: GraphTarget): void {
    const existing = this.panels.get(graphPanelKey(target));
    if (existing) return existing.reveal();
    this.adopt(target, vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, `DAG: ${target.dag}`, vscode.ViewColumn.Beside, panelOptions(this.ctx)), true);
  }

  /** A panel VS Code brings back after a reload: it shows the DAG its page saved, or closes when it names none. */
  private restore(panel: vscode.WebviewPanel, state: unknown): void {
    const target = savedTargetOf(state);
    if (!target) return panel.dispose();
    const existing = this.panels.get(graphPanelKey(target));
    if (existing) {
      panel.dispose();
      return existing.reveal();
    }
    panel.webview.options = panelOptions(this.ctx);
    this.adopt(target, panel);
  }

  /** `isNew`: a panel just created (no view saved), as opposed to one restored after a reload. */
  private adopt(target: GraphTarget, panel: vscode.WebviewPanel, isNew = false): void {
    const key = graphPanelKey(target);
    this.panels.set(key, new GraphPanel(this.ctx, this.actions, target, panel, this.memory, isNew, () => this.panels.delete(key)));
  }

  /** The server says these DAGs (labels, in any project) may have changed. */
  indexChanged(dags: string[]): void {
    for (const panel of this.panels.values()) if (dags.some((dag) => isShownBy(panel.target, dag))) void panel.refreshGraph();
  }

  runEvent(notice: RunEventNotice): void {
    for (const panel of this.panels.values()) if (isShownBy(panel.target, notice.dag, notice.project)) panel.runEvent(notice.event);
  }

  /** Shows a past run in its DAG's graph (from the Experiments view or the Runs view), with `task` selected. */
  showRun(target: GraphTarget, runId: string, task?: string): Promise<void> {
    this.show(target);
    return this.panels.get(graphPanelKey(target))!.showRun(runId, task);
  }

  /** "Why will this run?" from the palette: shows the DAG's graph with the task's answer in its details. */
  explain(target: GraphTarget, task: string): Promise<void> {
    this.show(target);
    return this.panels.get(graphPanelKey(target))!.explain(task);
  }

  dispose(): void {
    this.serializer.dispose();
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

/** A panel of the extension's pages (graph, Experiments): scripts on, kept while hidden, loading only the bundled media. */
export function panelOptions(ctx: Ctx): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(ctx.extensionUri, "dist", "media"), vscode.Uri.joinPath(ctx.extensionUri, "media")],
    retainContextWhenHidden: true,
  };
}

class GraphPanel {
  private graph: DagGraph<SourceLocation> | null = null;
  /** Set by the page's `ready` when its first layout will be the whole DAG; used for the next graph only. */
  private firstLayoutDirection?: LayoutDirection;
  /** The graph a new panel fetched while its page loads; the page's `ready` shows it instead of fetching again. */
  private earlyGraph?: Promise<DagGraphResult>;
  /** A past run the page asked to see (a reused task's "Reused from run" link), until the next run starts. */
  private shownRunId?: string;
  /** The task to select once the page is ready (a run shown from the Experiments or Runs view). */
  private selectOnReady?: string;
  /** The last "Why will this run?" answer, posted again when the page (re)loads: the palette may ask before it is ready. */
  private lastWhy?: { task: string; answer: WhyAnswer };
  /** The page asks the extension host for its layouts (the setting when the panel opened). */
  private readonly layoutInHost = graphLayoutSetting() === "extensionHost";
  private readonly disposables: vscode.Disposable[] = [];
  /** Run events on their way to the page, one message per frame (a run's end goes at once). */
  private readonly runEvents = new FrameBatches<RunEvent>((events) => this.post({ type: "run-events", events }));

  constructor(
    private readonly ctx: Ctx,
    private readonly actions: Actions,
    readonly target: GraphTarget,
    private readonly panel: vscode.WebviewPanel,
    private readonly memory: PageMemory,
    isNew: boolean,
    onClose: () => void,
  ) {
    const dist = vscode.Uri.joinPath(ctx.extensionUri, "dist", "media");
    const media = vscode.Uri.joinPath(ctx.extensionUri, "media");
    const webview = this.panel.webview;
    webview.html = renderGraphHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, "graph.js")).toString(),
      workerUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, "layout-worker.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, "graph.css")).toString(),
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString("base64"),
      layoutEngine: this.layoutInHost ? "host" : "worker",
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = validateWebviewMessage(raw);
        if (message) void this.handle(message);
      }),
      this.panel.onDidDispose(() => {
        onClose();
        this.dispose();
      }),
    );
    // While the page loads: a new panel's first layout is the whole DAG, most likely in the direction the
    // window's last panel had (the page confirms it in `ready`; a wrong guess costs one layout's time).
    const guess = memory.lastDirection;
    if (isNew && this.layoutInHost && guess) {
      ctx.trace.appendLine(`[graph] ${target.dag}: layout started while the page loads, direction ${guess} (the last panel's)`);
      this.earlyGraph = requestGraph(ctx, target.dag, target.project);
      this.earlyGraph.then((graph) => graph && this.startFirstLayout(graph, guess), () => undefined);
    }
  }

  private get dag(): string {
    return this.target.dag;
  }

  /** Starts the layout the page will ask for first; its request then finds it under way or kept. */
  private startFirstLayout(graph: DagGraph, direction: LayoutDirection): void {
    void this.ctx.layout.layout(firstLayoutInput(graph, direction)).catch(() => undefined);
  }

  reveal(): void {
    this.panel.reveal();
  }

  runEvent(event: RunEvent): void {
    if (event.event === "run-start") [this.shownRunId, this.lastWhy] = [undefined, undefined];
    this.runEvents.push(event);
    if (event.event === "run-end") this.runEvents.flush();
  }

  post(message: ExtensionToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  /** `fetched`: the graph already asked of the server, if any. */
  async refreshGraph(fetched?: Promise<DagGraphResult>): Promise<void> {
    // Used once; and after an edit (no `fetched`) it is out of date.
    this.earlyGraph = undefined;
    try {
      this.graph = await (fetched ?? requestGraph(this.ctx, this.dag, this.target.project));
    } catch (e) {
      this.ctx.output.appendLine(`[client] graph of ${this.dag}: ${(e as Error).message}`);
      return;
    }
    if (this.graph) {
      const direction = this.firstLayoutDirection;
      this.firstLayoutDirection = undefined;
      // Laid out while the graph travels to the page.
      if (direction && this.layoutInHost) this.startFirstLayout(this.graph, direction);
      this.post({ type: "graph", graph: this.graph });
    } else void vscode.window.showWarningMessage(`Gluepy: the DAG "${this.dag}" is no longer in the index; its graph panel shows its last known shape.`);
  }

  dispose(): void {
    this.runEvents.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private async handle(message: WebviewToExtension): Promise<void> {
    switch (message.type) {
      case "ready":
        this.firstLayoutDirection = message.direction;
        if (message.direction) this.memory.remember(message.direction);
        // The early fetch may have failed (the server was not up yet): ask again then.
        await this.refreshGraph(this.earlyGraph?.catch(() => requestGraph(this.ctx, this.dag, this.target.project)));
        await this.postLatestRun();
        if (this.lastWhy) this.post({ type: "why", ...this.lastWhy });
        if (this.selectOnReady !== undefined) this.post({ type: "select", task: this.selectOnReady });
        return;
      case "open-task":
        return this.openTask(message.task);
      case "run-dag":
        return this.actions.runDag(this.dag, this.graphUri());
      case "run-task":
        // Asks where (the latest run where its upstream tasks succeeded first), as the command does.
        return this.actions.runTask(message.task, this.graphUri(), [this.dag]);
      case "run-from-task":
        return this.runIn({ dag: this.dag, fromTask: message.task });
      case "retry-from-task":
        return this.actions.retryFromTask(message.task, this.graphUri(), [this.dag], true);
      case "retry-failed":
        return this.actions.retryFailed(this.dag, this.graphUri());
      case "export-svg":
        return this.exportSvg(message.svg);
      case "error":
        void vscode.window.showErrorMessage(`Gluepy graph of ${this.dag}: ${message.message}`);
        return;
      case "layout":
        return this.layOut(message.id, message.graph);
      case "open-frame":
        return this.openFrame(message.task, message.frame);
      case "open-file":
        return this.openFile(message.task, message.list, message.index);
      case "open-log":
        return this.openLog(message.task);
      case "why-will-run":
        return this.explain(message.task);
      case "show-run":
        return this.showRun(message.runId);
    }
  }

  /** Shows a past run of the project (found in the extension's own listing by its id), until the next run
   * starts; `task`: select it. A panel whose page is not ready yet shows both when it is. */
  async showRun(runId: string, task?: string): Promise<void> {
    const before = this.shownRunId;
    this.shownRunId = runId;
    this.selectOnReady = task;
    if (!this.graph) return;
    if (await this.latestRun()) {
      await this.postLatestRun();
      if (task !== undefined) this.post({ type: "select", task });
      return;
    }
    this.shownRunId = before;
    void vscode.window.showInformationMessage(`Gluepy: run ${runId} is no longer among the project's runs (its folder is gone).`);
  }

  /** Runs the dry run for `task` and shows its answer in the page (`pending` while it goes). */
  async explain(task: string): Promise<void> {
    this.postWhy(task, { pending: true });
    const target = await this.actions.dagTarget(this.dag, this.graphUri(), "");
    this.postWhy(task, target ? await askWhyWillRun(this.ctx, target.projectDir, this.dag, task) : { error: `cannot tell which project ${this.dag} belongs to` });
  }

  private postWhy(task: string, answer: WhyAnswer): void {
    this.lastWhy = { task, answer };
    this.post({ type: "why", task, answer });
  }

  /** The latest run's state and its tasks' last log lines, folded from one read of its events. */
  private async postLatestRun(): Promise<void> {
    const events = (await this.latestRun())?.events;
    this.post({ type: "run-state", state: (events && reduceRunEvents(events)) ?? null, ...(events ? { logs: runLogs(events) } : {}) });
  }

  /** Opens a task's whole log in the latest run in an editor, as the run's Output lines show it. */
  private async openLog(task: string): Promise<void> {
    const latest = await this.latestRun();
    const lines = (latest?.events ?? []).flatMap((e) => (e.event === "task-log" && e.task === task ? formatRunEvent(e) : []));
    if (!latest || lines.length === 0) return;
    const document = await vscode.workspace.openTextDocument({ language: "gluepy-log", content: `${lines.join("\n")}\n` });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: true });
  }

  /** Opens a frame of a task's error stack from the run record the extension reads itself (never a path
   * the page sent), and only a file inside the workspace. */
  private async openFrame(task: string, index: number): Promise<void> {
    const error = (await this.latestRun())?.state?.tasks[task]?.error;
    const frame = error && stackFrames(error.stack)[index];
    if (!frame?.file) return;
    const uri = frame.file.startsWith("file:") ? vscode.Uri.parse(frame.file) : vscode.Uri.file(frame.file);
    if (!vscode.workspace.getWorkspaceFolder(uri)) {
      void vscode.window.showInformationMessage(`Gluepy: ${frame.file} is outside the workspace; not opened.`);
      return;
    }
    const line = Math.max(0, (frame.line ?? 1) - 1);
    const character = Math.max(0, (frame.column ?? 1) - 1);
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(line, character, line, character) });
  }

  /** Opens a file a task wrote or read in the latest run (data files in the table preview, images in VS
   * Code's image view), resolved in the storage root from the run record, never outside it. */
  private async openFile(task: string, list: "outputs" | "inputs", index: number): Promise<void> {
    const latest = await this.latestRun();
    const file = latest?.state?.tasks[task]?.[list]?.[index];
    if (!latest || !file) return;
    const recorded = recordedFile(latest.storageRoot, latest.runFolder, file);
    if (!recorded) return;
    const uri = this.graphUri();
    const project = uri && projectOfUri(vscode.Uri.parse(uri));
    // Data files in the table preview (through `gluepy preview`, so also on S3); images in the image view.
    if (project && dataFormatOfPath(file.path)) {
      const storageFile: StorageFile = { project, file: recorded.fromRoot };
      await vscode.commands.executeCommand(PREVIEW_DATA_COMMAND, storageFile);
    } else if (/\.(png|svg)$/i.test(file.path)) {
      await vscode.commands.executeCommand("vscode.openWith", vscode.Uri.file(recorded.onDisk), "imagePreview.previewEditor", vscode.ViewColumn.One);
    } else await vscode.commands.executeCommand("vscode.open", vscode.Uri.file(recorded.onDisk), vscode.ViewColumn.One);
  }

  private async layOut(id: number, graph: ElkNode): Promise<void> {
    const result = await answerLayout(this.ctx.layout, id, graph);
    if ("engineFailed" in result && result.engineFailed) {
      this.ctx.output.appendLine(`[client] graph layout: ${result.error}; the panel lays out by itself.`);
    }
    this.post(result);
  }

  private graphUri(): string | undefined {
    return this.graph?.loc?.uri;
  }

  private async runIn(request: { dag: string; task?: string; fromTask?: string }): Promise<void> {
    const target = await this.actions.dagTarget(this.dag, this.graphUri(), "");
    if (target) await this.actions.run(target.projectDir, request);
  }

  /** Opens a task's class from the graph the extension holds, never from a path the page sent. */
  private async openTask(task: string): Promise<void> {
    const loc = this.graph?.nodes.find((n) => n.label === task)?.loc;
    if (!loc) return;
    const { start, end } = loc.range;
    await vscode.window.showTextDocument(vscode.Uri.parse(loc.uri), {
      viewColumn: vscode.ViewColumn.One,
      selection: new vscode.Range(start.line, start.character, end.line, end.character),
    });
  }

  /** The whole state of the run shown, the DAG's latest unless the page asked for another (its record on this
   * disk), for the graph's colours and times, and the files and frames the page opens. */
  private async latestRun() {
    const uri = this.graphUri();
    const projectDir = uri ? projectOfUri(vscode.Uri.parse(uri)) : undefined;
    if (!projectDir || !vscode.workspace.isTrusted) return undefined;
    const runs = await this.ctx.runsView.listings.of(projectDir);
    // The run the page asked for (of any DAG: the cache reuses a task from whichever run of the project had it), else the DAG's latest.
    const shown = this.shownRunId;
    const latest = "listing" in runs ? runs.listing.runs.find((r) => (shown !== undefined ? r.runId === shown : r.dag === this.dag)) : undefined;
    if (!latest || !("listing" in runs)) return undefined;
    const events = await readRunEvents(recordDirOf(runs.listing, latest));
    return { events, state: events && reduceRunEvents(events), storageRoot: runs.listing.storageRoot, runFolder: latest.runFolder };
  }

  private async exportSvg(svg: string): Promise<void> {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: base ? vscode.Uri.joinPath(base, `${this.dag}.svg`) : undefined,
      filters: { SVG: ["svg"] },
    });
    if (target) await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg));
  }
}
