// Workspace trust: running a DAG executes the workspace's code, so it needs a trusted workspace. The index,
// diagnostics and graph (the server only parses) work either way.

import * as vscode from "vscode";

export const UNTRUSTED_MESSAGE =
  "Gluepy: running DAGs is disabled because this workspace is not trusted (a run executes the project's code). " +
  "The DAG index, diagnostics and graph still work. Trust the workspace to run.";

/** True when running is allowed; otherwise tells the user why not, with a way to trust the workspace. */
export function canRun(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, "Manage Workspace Trust").then((choice) => {
    if (choice) void vscode.commands.executeCommand("workbench.trust.manage");
  });
  return false;
}
