// The Gluepy projects of the workspace: folders holding gluepy.config.ts or a package.json that depends
// on gluepy. A workspace with none gets no Gluepy activity at all (no server, no runs, no warm-up).

import * as path from "node:path";
import * as vscode from "vscode";
import { dependsOnGluepy, PROJECT_CONFIG_FILE } from "../../shared/project-of-file";
import { projectDirOf } from "./project";

/** How many marker files to look at: a workspace is not scanned without end for them. */
const MAX_MARKERS = 500;

/** The project folders, sorted; [] when the workspace holds no Gluepy project. */
export async function workspaceProjects(): Promise<string[]> {
  const exclude = "**/node_modules/**";
  const [configs, manifests] = await Promise.all([
    vscode.workspace.findFiles(`**/${PROJECT_CONFIG_FILE}`, exclude, MAX_MARKERS),
    vscode.workspace.findFiles("**/package.json", exclude, MAX_MARKERS),
  ]);
  const dirs = configs.map((u) => path.dirname(u.fsPath));
  const depending = await Promise.all(
    manifests.map(async (u) => {
      const text = await readText(u);
      return text !== undefined && dependsOnGluepy(text) ? path.dirname(u.fsPath) : undefined;
    }),
  );
  for (const dir of depending) if (dir) dirs.push(dir);
  return [...new Set(dirs)].sort();
}

/** The project of a document; undefined outside every workspace folder. */
export function projectOfUri(uri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  return projectDirOf(uri.fsPath, (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * Calls `start` now when the workspace holds a Gluepy project, else once one appears (a gluepy.config.ts,
 * or a package.json that depends on gluepy, is created or saved; a workspace folder is added).
 */
export async function whenProjectsExist(start: () => unknown): Promise<vscode.Disposable> {
  if ((await workspaceProjects()).length > 0) {
    start();
    return new vscode.Disposable(() => undefined);
  }
  let started = false;
  const watcher = vscode.workspace.createFileSystemWatcher(`**/{${PROJECT_CONFIG_FILE},package.json}`);
  const check = async () => {
    if (started || (await workspaceProjects()).length === 0 || started) return;
    started = true;
    watcher.dispose();
    start();
  };
  watcher.onDidCreate(check);
  watcher.onDidChange(check);
  return vscode.Disposable.from(watcher, vscode.workspace.onDidChangeWorkspaceFolders(check));
}
