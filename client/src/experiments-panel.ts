// The Experiments panel: every run of the workspace's projects as a table of metrics and params (page by
// media/src/experiments/, messages in shared/experiments-protocol.ts). It shows the Runs view's listings
// and follows them (a run starting or ending lists again), and turns the page's requests, which name a
// run by key only, into the existing actions on runs the extension listed itself. The panel comes back
// after a window reload (a serializer adopts it; the page restores its own sort, filters and picks).

import { randomBytes } from "node:crypto";
import * as path from "node:path";
import * as vscode from "vscode";
import { validateExperimentsMessage, type ExperimentRun, type ExperimentsToExtension, type ExtensionToExperiments } from "../../shared/experiments-protocol";
import type { Actions } from "./actions";
import type { Ctx } from "./ctx";
import { EXPERIMENTS_VIEW_TYPE, renderExperimentsHtml } from "./experiments-page-html";
import { panelOptions, type GraphPanels } from "./graph-panel";
import type { RunItem } from "./runs-view";

/** A run's key in the page: unique across projects, and the Runs view's item id too. */
export function runKey(item: Pick<RunItem, "projectDir" | "run">): string {
  return `${item.projectDir}:${item.run.runFolder}`;
}

export class ExperimentsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The runs last sent to the page, by key: what the page's requests are resolved against. */
  private readonly sent = new Map<string, RunItem>();
  private readonly disposables: vscode.Disposable[] = [];
  /** A listing is on its way to the page: more listings meanwhile send one more after it, not one each. */
  private sending: Promise<void> | undefined;
  private sendAgain = false;

  constructor(private readonly ctx: Ctx, private readonly actions: Actions, private readonly graphs: GraphPanels) {
    // The Runs view lists again when a run starts or ends and when run records change on disk.
    this.disposables.push(
      ctx.runsView.onDidList(() => this.panel && this.sendRuns()),
      vscode.window.registerWebviewPanelSerializer(EXPERIMENTS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => this.restore(panel),
      }),
    );
  }

  show(): void {
    // Opened or brought back, the page shows the runs as they are now: a run started elsewhere (a terminal)
    // reaches the Runs view only after its record watcher's pause, or not at all when the watcher missed it.
    this.ctx.runsView.refresh();
    if (this.panel) return this.panel.reveal();
    this.adopt(vscode.window.createWebviewPanel(EXPERIMENTS_VIEW_TYPE, "Gluepy Experiments", vscode.ViewColumn.Active, panelOptions(this.ctx)));
  }

  /** The panel VS Code brings back after a window reload; its page's saved view comes back with it. One
   * panel a window: when Show Experiments opened one before VS Code restored the old one, the old one closes. */
  private restore(panel: vscode.WebviewPanel): void {
    if (this.panel) return panel.dispose();
    panel.webview.options = panelOptions(this.ctx);
    this.adopt(panel);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    const webview = panel.webview;
    webview.html = renderExperimentsHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.ctx.extensionUri, "dist", "media", "experiments.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.ctx.extensionUri, "media", "experiments.css")).toString(),
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString("base64"),
    });
    const listeners = [
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = validateExperimentsMessage(raw);
        if (message) void this.handle(message);
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.sent.clear();
        for (const l of listeners) l.dispose();
      }),
    ];
    this.panel = panel;
  }

  private sendRuns(): void {
    if (this.sending) {
      this.sendAgain = true;
      return;
    }
    this.sending = this.postRuns().finally(() => {
      this.sending = undefined;
      if (this.sendAgain) {
        this.sendAgain = false;
        this.sendRuns();
      }
    });
  }

  private async postRuns(): Promise<void> {
    const listed = await this.ctx.runsView.allRuns();
    const problems = vscode.workspace.isTrusted
      ? listed.flatMap((e) => ("error" in e ? [`${path.basename(e.projectDir)}: runs not listed: ${e.error}`] : []))
      : ["Runs are listed in a trusted workspace: listing them reads gluepy.config.ts, which is project code."];
    const items = listed.filter((e): e is RunItem => "run" in e);
    this.sent.clear();
    for (const item of items) this.sent.set(runKey(item), item);
    const runs: ExperimentRun[] = items.map((item) => ({ key: runKey(item), project: path.basename(item.projectDir), run: item.run }));
    const message: ExtensionToExperiments = { type: "runs", runs, problems };
    await this.panel?.webview.postMessage(message);
  }

  private async handle(message: ExperimentsToExtension): Promise<void> {
    if (message.type === "ready") return this.sendRuns();
    const item = this.sent.get(message.key);
    const dag = item?.run.dag;
    if (!item || !dag) return;
    switch (message.type) {
      case "show-run":
        return this.graphs.showRun({ dag, project: item.projectDir }, item.run.runId, message.task !== undefined && Object.hasOwn(item.run.tasks, message.task) ? message.task : undefined);
      case "retry-failed":
        return this.actions.retryRun(item.projectDir, dag, item.run.runFolder);
      case "run-from":
        if (!Object.hasOwn(item.run.tasks, message.task)) return;
        return this.actions.run(item.projectDir, { dag, fromTask: message.task, retry: item.run.runFolder });
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
