// The Problems panel side of failed tasks: a DiagnosticCollection filled from task-end errors during a
// run and cleared when the next run starts.

import * as vscode from "vscode";
import type { TaskEndEvent } from "../../shared/events";
import { taskFailure } from "./failed-task-problems";

export class RunProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("gluepy-run");

  clear(): void {
    this.collection.clear();
  }

  add(event: TaskEndEvent, projectDir: string): void {
    const failure = taskFailure(event, projectDir);
    if (!failure) return;
    const uri = vscode.Uri.file(failure.file);
    // To the end of the line: the editor clamps the range, and a whole-line squiggle is easy to spot.
    const range = new vscode.Range(failure.line, failure.character, failure.line, Number.MAX_SAFE_INTEGER);
    const diagnostic = new vscode.Diagnostic(range, failure.message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = "gluepy";
    diagnostic.code = "task-failed";
    this.collection.set(uri, [...(this.collection.get(uri) ?? []), diagnostic]);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
