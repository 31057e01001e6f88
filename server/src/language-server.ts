// Wires the workspace index and the features to an LSP connection: lifecycle, documents, file watching,
// diagnostics, and the custom gluepy/* requests.

import {
  CodeActionKind,
  CodeLensRefreshRequest,
  type Connection,
  DidChangeWatchedFilesNotification,
  type InitializeParams,
  type ServerCapabilities,
  TextDocumentSyncKind,
} from "vscode-languageserver";
import { DagGraphRequest, DagListRequest, IndexChangedNotification, RunsListedNotification } from "../../shared/protocol";
import { DiagnosticsPublisher } from "./diagnostics/publisher";
import { codeActions } from "./features/code-actions";
import { codeLenses } from "./features/code-lens";
import { completion } from "./features/completion";
import { dagGraph, listDags } from "./features/dag-requests";
import { documentSymbols } from "./features/document-symbols";
import { hover } from "./features/hover";
import { LastRuns } from "./features/last-run";
import { OutdatedMarks } from "./features/outdated-marks";
import { definition, references } from "./features/references";
import { prepareRename, rename } from "./features/rename";
import { workspaceSymbols } from "./features/workspace-symbols";
import { warmUpParser } from "./index/extract-facts";
import { FsWatcher } from "./index/folder-watcher";
import type { IndexChange } from "./index/workspace-index";
import { uriToPath } from "./transport/uris";
import { Workspace } from "./workspace";

/** What the client said it can do, read once from `initialize`. */
interface ClientSupport {
  roots: string[];
  watchesFiles: boolean;
  folderEvents: boolean;
  lensRefresh: boolean;
  progress: boolean;
}

const SERVER_CAPABILITIES: ServerCapabilities = {
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
};

const WATCHED_FILES = ["**/*.{ts,mts,tsx,yaml,yml}", "**/tsconfig.json", "**/package.json", "**/.vscode/tasks.json"];

export function startLanguageServer(connection: Connection) {
  let client: ClientSupport = { roots: [], watchesFiles: false, folderEvents: false, lensRefresh: false, progress: false };
  /** False until the cold index is done: its end publishes everything at once. */
  let ready = false;
  let fallbackWatcher: FsWatcher | undefined;
  const logError = (what: string, err: unknown) =>
    connection.console.error(`gluepy: ${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  const workspace = new Workspace((change) => onIndexChange(change), logError);
  const publisher = new DiagnosticsPublisher(connection, workspace);
  // The outdated marks (issue 13) read open buffers first: unsaved edits count.
  const outdated = new OutdatedMarks((file) => (workspace.isOpen(file) ? workspace.textOf(file) : undefined));

  function onIndexChange(change: IndexChange) {
    if (!ready) return;
    publisher.publish(change.files);
    announce(change);
  }

  function announce(change: IndexChange) {
    announceDags(change.dags);
  }

  /**
   * Tells the client which DAGs changed (their graph, or their outdated marks): graph views ask again,
   * lenses (which carry the DAGs using a task, and the outdated count) refresh.
   */
  function announceDags(dags: Set<string>) {
    if (dags.size === 0) return;
    void connection.sendNotification(IndexChangedNotification, { dags: [...dags].sort() });
    if (client.lensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => {});
  }

  /** The cold index, in time slices (requests are answered meanwhile), shown as progress where the client can. */
  async function indexWorkspace() {
    const started = performance.now();
    const progress = client.progress ? connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    void progress?.then((p) => p?.begin("Gluepy: indexing DAGs and tasks"));
    const change = await workspace.load(client.roots);
    // A newer load (the folders changed meanwhile) publishes instead.
    if (change) {
      const indexed = performance.now();
      ready = true;
      await publisher.publishInSlices(change.files);
      announce(change);
      connection.console.info(
        `gluepy: indexed ${workspace.index.files.size} files in ${Math.round(indexed - started)} ms, ` +
          `checked and published in ${Math.round(performance.now() - indexed)} ms`,
      );
    }
    void progress?.then((p) => p?.done());
  }

  function watchFiles() {
    if (client.watchesFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })) });
    } else {
      fallbackWatcher = new FsWatcher(client.roots, (file) => workspace.didChangeOnDisk(file));
    }
    if (!client.folderEvents) return;
    connection.workspace.onDidChangeWorkspaceFolders(() => {
      void connection.workspace.getWorkspaceFolders().then((folders) => {
        client.roots = (folders ?? []).map((f) => uriToPath(f.uri)).filter((r): r is string => !!r);
        fallbackWatcher?.reset(client.roots);
        return indexWorkspace();
      });
    });
  }

  connection.onInitialize((params) => {
    client = clientSupport(params);
    warmUpParser();
    return { capabilities: SERVER_CAPABILITIES, serverInfo: { name: "gluepy-language-server", version: "0.1.0" } };
  });
  connection.onInitialized(() => {
    void indexWorkspace().catch((err) => logError("indexing the workspace", err));
    watchFiles();
  });
  // An edit (saved or not) to a file a DAG's last run reached may turn its tasks outdated, or back.
  syncDocuments(connection, workspace, (file) => announceDags(outdated.fileChanged(file)));
  answerRequests(connection, workspace, logError, outdated, announceDags);
  connection.onShutdown(() => {
    workspace.dispose();
    fallbackWatcher?.close();
  });
  connection.listen();
}

function clientSupport(params: InitializeParams): ClientSupport {
  const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? [];
  const root = params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? undefined);
  const caps = params.capabilities;
  return {
    roots: (folders.length > 0 ? folders : [root]).filter((r): r is string => !!r),
    watchesFiles: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    folderEvents: caps.workspace?.workspaceFolders === true,
    lensRefresh: caps.workspace?.codeLens?.refreshSupport === true,
    progress: caps.window?.workDoneProgress === true,
  };
}

const fileOf = (uri: string) => uriToPath(uri) ?? "";
/** Untitled and other non-file documents are not part of the workspace. */
const isFile = (uri: string) => uriToPath(uri) !== undefined;

/** Open documents and changes on disk, into the workspace; `textChanged` hears of each file whose text may have changed. */
function syncDocuments(connection: Connection, workspace: Workspace, textChanged: (file: string) => void) {
  connection.onDidOpenTextDocument((p) => {
    if (!isFile(p.textDocument.uri)) return;
    workspace.didOpen(fileOf(p.textDocument.uri), p.textDocument.uri, p.textDocument.text);
    textChanged(fileOf(p.textDocument.uri));
  });
  connection.onDidChangeTextDocument((p) => {
    const last = p.contentChanges[p.contentChanges.length - 1];
    if (!isFile(p.textDocument.uri) || !last || "range" in last) return;
    workspace.didChange(fileOf(p.textDocument.uri), p.textDocument.uri, last.text);
    textChanged(fileOf(p.textDocument.uri));
  });
  connection.onDidCloseTextDocument((p) => {
    if (!isFile(p.textDocument.uri)) return;
    workspace.didClose(fileOf(p.textDocument.uri));
    textChanged(fileOf(p.textDocument.uri));
  });
  connection.onDidChangeWatchedFiles((p) => {
    for (const c of p.changes) {
      const file = uriToPath(c.uri);
      if (!file) continue;
      workspace.didChangeOnDisk(file);
      textChanged(file);
    }
  });
}

/** The features, each answered on the current text (during the cold index: from what is indexed so far). */
function answerRequests(
  connection: Connection,
  workspace: Workspace,
  logError: (what: string, err: unknown) => void,
  outdated: OutdatedMarks,
  announceDags: (dags: Set<string>) => void,
) {
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
  connection.onCodeLens(handle([], (p) => codeLenses(workspace, fileOf(p.textDocument.uri), outdated)));
  // The hover's "Last run" line and the outdated marks: the client passes each project's runs as the
  // runtime listed them, with the fingerprints of each DAG's last run with the run cache on.
  const lastRuns = new LastRuns();
  connection.onNotification(RunsListedNotification, (p) => {
    lastRuns.set(p.project, p.runs);
    announceDags(outdated.setFingerprints(p.project, p.fingerprints ?? []));
  });
  connection.onHover(handle(null, (p) => hover(workspace, fileOf(p.textDocument.uri), p.position, lastRuns)));
  connection.onDefinition(handle([], (p) => definition(workspace, fileOf(p.textDocument.uri), p.position)));
  connection.onReferences(handle([], (p) => references(workspace, fileOf(p.textDocument.uri), p.position, p.context.includeDeclaration)));
  connection.onDocumentSymbol(handle([], (p) => documentSymbols(workspace, fileOf(p.textDocument.uri))));
  connection.onWorkspaceSymbol(handle([], (p) => workspaceSymbols(workspace, p.query)));
  connection.onCodeAction(handle([], (p) => codeActions(workspace, fileOf(p.textDocument.uri), p.context.diagnostics)));
  connection.onCompletion(handle([], (p) => completion(workspace, fileOf(p.textDocument.uri), p.position)));
  connection.onPrepareRename(handle(null, (p) => prepareRename(workspace, fileOf(p.textDocument.uri), p.position)));
  // Rename errors (a label taken) go back to the client as they are: the user reads them.
  connection.onRenameRequest((p) => {
    workspace.flush();
    return rename(workspace, fileOf(p.textDocument.uri), p.position, p.newName);
  });
  connection.onRequest(DagListRequest, handle({ dags: [], tasks: [] }, (p) => listDags(workspace, p)));
  connection.onRequest(DagGraphRequest, handle(null, (p) => dagGraph(workspace, p, outdated)));
}
