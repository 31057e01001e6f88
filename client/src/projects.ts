// The Gluepy projects of the workspace: folders holding gluepy.config.ts, else the workspace folders.

import * as path from "node:path";
import * as vscode from "vscode";
import { projectDirOf } from "./project";

export async function workspaceProjects(): Promise<string[]> {
  const configs = await vscode.workspace.findFiles("**/gluepy.config.ts", "**/node_modules/**", 50);
  const dirs = configs.map((u) => path.dirname(u.fsPath));
  if (dirs.length === 0) dirs.push(...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
  return [...new Set(dirs)].sort();
}

/** The project of a document; undefined outside every workspace folder. */
export function projectOfUri(uri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? projectDirOf(uri.fsPath, folder.uri.fsPath) : undefined;
}
