// Sends diagnostics for the files an index change touched, skipping files whose diagnostics did not
// change, so an edit costs a few notifications however large the workspace.

import type { Connection, Diagnostic } from "vscode-languageserver";
import type { Workspace } from "../workspace";
import { fileProblems } from "./file-problems";
import { toDiagnostic } from "./to-lsp";

export class DiagnosticsPublisher {
  /** Last JSON sent per uri. */
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
  ) {}

  diagnosticsOf(file: string): Diagnostic[] {
    return fileProblems(this.workspace.index, file).map(toDiagnostic);
  }

  /** Publishes for each file that holds a Task or DAG class or had diagnostics before. */
  publish(files: Iterable<string>) {
    for (const file of files) {
      const uri = this.workspace.uriOf(file);
      const hasClasses = this.workspace.index.classesIn(file).length > 0;
      if (!hasClasses && !this.sent.has(uri)) continue;
      const diagnostics = hasClasses ? this.diagnosticsOf(file) : [];
      const json = JSON.stringify(diagnostics);
      if (this.sent.get(uri) === json) continue;
      if (hasClasses) this.sent.set(uri, json);
      else this.sent.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics });
    }
  }
}
