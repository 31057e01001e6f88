// The LanguageClient for the bundled language server (dist/server/server.js): which documents it sees,
// and what happens when it crashes (restart with a message, never a silently dead editor).

import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

/** Restarts allowed in `CRASH_WINDOW_MS` before the client gives up (a server that dies at start). */
const MAX_RESTARTS = 4;
const CRASH_WINDOW_MS = 3 * 60_000;

export function createLanguageClient(serverModule: string, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const server = { module: serverModule, transport: TransportKind.ipc };
  const serverOptions: ServerOptions = { run: server, debug: server };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "typescript" },
      { scheme: "file", language: "typescriptreact" },
      // Labels written as strings (CLI args in tasks.json, patch files): hover, definition and rename from there.
      { scheme: "file", pattern: "**/.vscode/tasks.json" },
      { scheme: "file", language: "yaml" },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{ts,mts,tsx}") },
    outputChannel,
    errorHandler: new RestartingErrorHandler(outputChannel),
  };
  return new LanguageClient("gluepy", "Gluepy Language Server", serverOptions, clientOptions);
}

class RestartingErrorHandler implements ErrorHandler {
  private crashes: number[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {}

  error(_error: Error, _message: unknown, count: number | undefined): { action: ErrorAction } {
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    if (this.crashes.length > MAX_RESTARTS) {
      return {
        action: CloseAction.DoNotRestart,
        message:
          `The Gluepy language server crashed ${this.crashes.length} times in 3 minutes and was not restarted. ` +
          `See the output "Gluepy Language Server", then run "Developer: Reload Window" to start it again.`,
      };
    }
    this.output.appendLine(`[client] the language server stopped unexpectedly; restarting it (crash ${this.crashes.length}).`);
    void vscode.window.showWarningMessage("The Gluepy language server crashed and was restarted. Diagnostics may lag for a moment.");
    return { action: CloseAction.Restart, handled: true };
  }
}
