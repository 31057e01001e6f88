// The table preview of data files (csv, parquet, json, jsonl): a custom editor "Gluepy table" for such a
// file on this disk (the default for parquet, "Open With…" for the others), and the command
// `gluepy.previewData`, which also previews a file of a project's storage that is not on this disk (S3).
// Its page (media/src/table/) asks for pages of rows as the user scrolls; PreviewRowsSource answers each by
// running `gluepy preview`, in a trusted workspace only (the command loads gluepy.config.ts).

import { randomBytes } from "node:crypto";
import * as path from "node:path";
import * as vscode from "vscode";
import { dataFormatOfPath } from "../../shared/data-formats";
import type { ExtensionToTable } from "../../shared/table-protocol";
import { validateTableMessage } from "../../shared/table-protocol";
import { readConfig } from "./config";
import type { Ctx } from "./ctx";
import { projectOfUri, workspaceProjects } from "./projects";
import { cliInvocation, runToEnd } from "./run-process";
import { PreviewRowsSource } from "./table-preview-source";
import { renderTableHtml } from "./table-page-html";

/** The custom editor's view types: the default editor of parquet files, one "Open With…" can pick for text
 * data files (csv, json, jsonl keep opening as text). */
export const TABLE_VIEW_TYPE = "gluepy.table";
export const TEXT_TABLE_VIEW_TYPE = "gluepy.table.text";
export const PREVIEW_DATA_COMMAND = "gluepy.previewData";

export const UNTRUSTED_PREVIEW_MESSAGE =
  "Previews are shown in a trusted workspace only: `gluepy preview` loads the project's gluepy.config.ts (for its storage), which is project code. Trust the workspace, then Retry.";

/** A file of a project's storage: `file` from the storage root (`runs/.../x.parquet`), as a run records it. */
export interface StorageFile {
  project: string;
  file: string;
}

/** What a preview shows: the file as `gluepy preview` takes it, in the project that reads it; or why none. */
type PreviewTarget = { projectDir: string; file: string; title: string; detail: string } | { title: string; error: string };

export class TablePreviews implements vscode.CustomReadonlyEditorProvider, vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      ...[TABLE_VIEW_TYPE, TEXT_TABLE_VIEW_TYPE].map((viewType) =>
        vscode.window.registerCustomEditorProvider(viewType, this, { webviewOptions: { retainContextWhenHidden: true }, supportsMultipleEditorsPerDocument: true }),
      ),
      vscode.commands.registerCommand(PREVIEW_DATA_COMMAND, (arg?: unknown) => this.previewData(arg)),
    );
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    this.attach(panel, await this.targetOfLocalFile(document.uri));
  }

  /** `gluepy.previewData`: a file Uri (opened in the custom editor), a project's StorageFile (the details
   * pane's outputs: in the custom editor when the storage is this disk, else in a panel), or nothing (the
   * active editor's data file, else a file picked). */
  async previewData(arg: unknown): Promise<void> {
    if (arg instanceof vscode.Uri) return this.openWith(arg);
    if (isStorageFile(arg)) {
      const runs = await this.ctx.runsView.listings.of(arg.project);
      if ("listing" in runs && runs.listing.backend === "local") return this.openWith(vscode.Uri.file(path.join(runs.listing.storageRoot, ...arg.file.split("/"))));
      const panel = vscode.window.createWebviewPanel(TABLE_VIEW_TYPE, path.posix.basename(arg.file), vscode.ViewColumn.One, {});
      this.attach(panel, { projectDir: arg.project, file: arg.file, title: path.posix.basename(arg.file), detail: arg.file });
      return;
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === "file" && dataFormatOfPath(active.fsPath)) return this.openWith(active);
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { "Data files": ["parquet", "pq", "csv", "json", "jsonl", "ndjson"] }, title: "Preview which data file?" });
    if (picked?.[0]) return this.openWith(picked[0]);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async openWith(uri: vscode.Uri): Promise<void> {
    await vscode.commands.executeCommand("vscode.openWith", uri, dataFormatOfPath(uri.fsPath) === "parquet" ? TABLE_VIEW_TYPE : TEXT_TABLE_VIEW_TYPE);
  }

  /** The project whose storage holds a file of this disk: the project folder it is in, else a project of
   * the workspace whose storage root (outside its folder, set in gluepy.config.ts) holds it. */
  private async targetOfLocalFile(uri: vscode.Uri): Promise<PreviewTarget> {
    const title = path.basename(uri.fsPath);
    if (uri.scheme !== "file") return { title, error: `${uri.toString()} is not a file on this machine.` };
    let projectDir = projectOfUri(uri);
    if (!projectDir && vscode.workspace.isTrusted) {
      for (const dir of await workspaceProjects()) {
        const runs = await this.ctx.runsView.listings.of(dir);
        const inside = "listing" in runs ? path.relative(runs.listing.storageRoot, uri.fsPath) : "..";
        if (!inside.startsWith("..") && !path.isAbsolute(inside)) projectDir = dir;
      }
    }
    if (!projectDir) return { title, error: `${uri.fsPath} is in no Gluepy project of this workspace, nor in a project's storage root: open the workspace folder of its project.` };
    return { projectDir, file: uri.fsPath, title, detail: uri.fsPath };
  }

  private attach(panel: vscode.WebviewPanel, target: PreviewTarget): void {
    const dist = vscode.Uri.joinPath(this.ctx.extensionUri, "dist", "media");
    const media = vscode.Uri.joinPath(this.ctx.extensionUri, "media");
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    webview.html = renderTableHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, "table.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, "table.css")).toString(),
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString("base64"),
      title: target.title,
      detail: "error" in target ? target.title : target.detail,
    });
    const source =
      "error" in target
        ? undefined
        : new PreviewRowsSource(target.projectDir, target.file, (args, signal) =>
            runToEnd(cliInvocation(this.ctx.runtimes.cliFor(target.projectDir), args, readConfig().nodePath), target.projectDir, signal),
          );
    const answer = async (raw: unknown): Promise<ExtensionToTable | undefined> => {
      const message = validateTableMessage(raw);
      if (message?.type !== "fetch-rows") return source?.answer(message);
      // Checked at each page: trusting the workspace later and pressing Retry shows the file.
      if ("error" in target) return { type: "rows-error", id: message.id, message: target.error };
      if (!vscode.workspace.isTrusted) return { type: "rows-error", id: message.id, message: UNTRUSTED_PREVIEW_MESSAGE };
      return source?.answer(message);
    };
    const subscription = webview.onDidReceiveMessage(async (raw: unknown) => {
      const reply = await answer(raw);
      if (reply) void webview.postMessage(reply);
    });
    panel.onDidDispose(() => {
      subscription.dispose();
      source?.dispose();
    });
  }
}

function isStorageFile(value: unknown): value is StorageFile {
  const v = value as Partial<StorageFile> | null;
  return typeof v === "object" && v !== null && typeof v.project === "string" && typeof v.file === "string";
}
