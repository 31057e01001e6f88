// Sends diagnostics for the files an index change touched, skipping files whose diagnostics did not
// change, so an edit costs a notification per file whose problems it changed, however large the workspace.

import type { Connection, Diagnostic } from "vscode-languageserver";
import type { Workspace } from "../workspace";
import { TimeSlices } from "../index/time-slices";
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

  /**
   * Publishes for each DAG file (its first list, maybe empty, tells a client it was checked), and each file
   * that has or had problems, when its diagnostics differ from those last sent.
   */
  publish(files: Iterable<string>) {
    for (const file of files) this.publishFile(file);
  }

  /** The same in time slices (after the cold index: every file), so requests are answered in between. */
  async publishInSlices(files: Iterable<string>) {
    const slices = new TimeSlices();
    for (const file of files) {
      this.publishFile(file);
      if (slices.due) await slices.pause();
    }
  }

  private publishFile(file: string) {
    const uri = this.workspace.uriOf(file);
    const classes = this.workspace.index.classesIn(file);
    const hadSome = this.sent.has(uri);
    if (classes.length === 0 && !hadSome) return;
    const diagnostics = classes.length > 0 ? this.diagnosticsOf(file) : [];
    // DAG files always get a (maybe empty) list: a client waits for it to know the DAG was checked.
    const hasDag = classes.some((c) => c.info.kind === "dag");
    if (!hasDag && diagnostics.length === 0 && !hadSome) return;
    const json = JSON.stringify(diagnostics);
    if (this.sent.get(uri) === json) return;
    if (hasDag || diagnostics.length > 0) this.sent.set(uri, json);
    else this.sent.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }
}
