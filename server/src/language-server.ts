// Wires the workspace index and the features to an LSP connection: lifecycle, documents, file watching,
// diagnostics, and the custom gluepy/* requests.

import {
  CodeActionKind,
  CodeLensRefreshRequest,
  type Connection,
  DidChangeWatchedFilesNotification,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
} from "vscode-languageserver";
import { DagGraphRequest, type DagGraphParams, DagListRequest, type DagListParams, IndexChangedNotification } from "../../shared/protocol";
import { DiagnosticsPublisher } from "./diagnostics/publisher";
import { codeActions } from "./features/code-actions";
import { codeLenses } from "./features/code-lens";
import { completion } from "./features/completion";
import { dagGraph, listDags } from "./features/dag-requests";
import { documentSymbols } from "./features/document-symbols";
import { hover } from "./features/hover";
import { definition, references } from "./features/references";
import { prepareRename, rename } from "./features/rename";
import { workspaceSymbols } from "./features/workspace-symbols";
import type { IndexChange } from "./index/workspace-index";
import { uriToPath } from "./transport/uris";
import { FsWatcher } from "./index/folder-watcher";
import { Workspace } from "./workspace";

export function startLanguageServer(connection: Connection) {
  let ready = false;
  let roots: string[] = [];
  let canWatch = false;
  let folderEvents = false;
  let lensRefresh = false;
  let fallbackWatcher: FsWatcher | undefined;
  const logError = (what: string, err: unknown) =>
    connection.console.error(`gluepy: ${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  const workspace = new Workspace((change) => onIndexChange(change), logError);
  const publisher = new DiagnosticsPublisher(connection, workspace);

  function onIndexChange(change: IndexChange) {
    if (!ready) return;
    publisher.publish(change.files, !change.full);
    if (change.dags.size > 0) void connection.sendNotification(IndexChangedNotification, { dags: [...change.dags].sort() });
    // A lens carries the DAGs using a task: an edit in another file can change it.
    if (lensRefresh && change.dags.size > 0) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => {});
  }

  /** Runs a request handler on the current text; a failure answers empty instead of killing the server. */
  function handle<P, R>(fallback: R, fn: (p: P) => R): (p: P) => R {
    return (p: P) => {
      try {
        workspace.flush();
        return fn(p);
      } catch (err) {
        logError("a request", err);
        return fallback;
      }
    };
  }

  const fileOf = (uri: string) => uriToPath(uri) ?? "";
  /** Untitled and other non-file documents are not part of the workspace. */
  const isFile = (uri: string) => uriToPath(uri) !== undefined;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? [];
    const root = params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? undefined);
    roots = (folders.length > 0 ? folders : [root]).filter((r): r is string => !!r);
    canWatch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Full },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        completionProvider: { triggerCharacters: ["[", ",", " "] },
        renameProvider: { prepareProvider: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "gluepy-language-server", version: "0.1.0" },
    };
  });

  connection.onInitialized(() => {
    const started = performance.now();
    const change = workspace.load(roots);
    const indexed = performance.now();
    ready = true;
    onIndexChange(change);
    connection.console.info(
      `gluepy: indexed ${workspace.index.files.size} files in ${Math.round(indexed - started)} ms, ` +
        `checked and published in ${Math.round(performance.now() - indexed)} ms`,
    );
    if (canWatch) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: "**/*.{ts,mts,tsx,yaml,yml}" }, { globPattern: "**/tsconfig.json" }, { globPattern: "**/package.json" }, { globPattern: "**/.vscode/tasks.json" }],
      });
    } else {
      fallbackWatcher = new FsWatcher(roots, (file) => workspace.didChangeOnDisk(file));
    }
    if (!folderEvents) return;
    connection.workspace.onDidChangeWorkspaceFolders(() => {
      void connection.workspace.getWorkspaceFolders().then((folders) => {
        roots = (folders ?? []).map((f) => uriToPath(f.uri)).filter((r): r is string => !!r);
        onIndexChange(workspace.load(roots));
        fallbackWatcher?.reset(roots);
      });
    });
  });

  connection.onDidOpenTextDocument((p) => {
    if (isFile(p.textDocument.uri)) workspace.didOpen(fileOf(p.textDocument.uri), p.textDocument.uri, p.textDocument.text);
  });
  connection.onDidChangeTextDocument((p) => {
    const last = p.contentChanges[p.contentChanges.length - 1];
    if (isFile(p.textDocument.uri) && last && !("range" in last)) workspace.didChange(fileOf(p.textDocument.uri), p.textDocument.uri, last.text);
  });
  connection.onDidCloseTextDocument((p) => {
    if (isFile(p.textDocument.uri)) workspace.didClose(fileOf(p.textDocument.uri));
  });
  connection.onDidChangeWatchedFiles((p) => {
    for (const c of p.changes) {
      const file = uriToPath(c.uri);
      if (file) workspace.didChangeOnDisk(file);
    }
  });

  connection.onCodeLens(handle([], (p) => codeLenses(workspace, fileOf(p.textDocument.uri))));
  connection.onHover(handle(null, (p) => hover(workspace, fileOf(p.textDocument.uri), p.position)));
  connection.onDefinition(handle([], (p) => definition(workspace, fileOf(p.textDocument.uri), p.position)));
  connection.onReferences(handle([], (p) => references(workspace, fileOf(p.textDocument.uri), p.position, p.context.includeDeclaration)));
  connection.onDocumentSymbol(handle([], (p) => documentSymbols(workspace, fileOf(p.textDocument.uri))));
  connection.onWorkspaceSymbol(handle([], (p) => workspaceSymbols(workspace, p.query)));
  connection.onCodeAction(handle([], (p) => codeActions(workspace, fileOf(p.textDocument.uri), p.context.diagnostics)));
  connection.onCompletion(handle([], (p) => completion(workspace, fileOf(p.textDocument.uri), p.position)));
  connection.onPrepareRename(handle(null, (p) => prepareRename(workspace, fileOf(p.textDocument.uri), p.position)));
  connection.onRenameRequest((p) => {
    workspace.flush();
    return rename(workspace, fileOf(p.textDocument.uri), p.position, p.newName);
  });
  connection.onRequest(DagListRequest, handle({ dags: [], tasks: [] }, (p: DagListParams | undefined) => listDags(workspace, p)));
  connection.onRequest(DagGraphRequest, handle(null, (p: DagGraphParams) => dagGraph(workspace, p)));

  connection.onShutdown(() => {
    workspace.dispose();
    fallbackWatcher?.close();
  });
  connection.listen();
}
