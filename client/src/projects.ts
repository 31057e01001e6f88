// The Gluepy projects of the workspace: folders holding gluepy.config.ts or a package.json that depends
// on gluepy. A workspace with none gets no Gluepy activity at all (no server, no runs, no warm-up).

import * as path from "node:path";
import * as vscode from "vscode";
import { dependsOnGluepy, PROJECT_CONFIG_FILE } from "../../shared/project-of-file";
import { projectDirOf } from "./project";

/** How many marker files to look at: a workspace is not scanned without end for them. */
const MAX_MARKERS = 500;

let known: Promise<string[]> | undefined;
let watching: vscode.Disposable | undefined;

/**
 * The project folders, sorted; [] when the workspace holds no Gluepy project. Kept until a marker file or
 * the workspace's folders change: VS Code's file search takes seconds while a run keeps the cores busy, and
 * the Runs view asks on every refresh (it showed "No runs yet" through a whole run, waiting on it).
 */
export function workspaceProjects(): Promise<string[]> {
  watching ??= watchMarkers(() => (known = undefined));
  if (!known) {
    const found = findProjects();
    known = found;
    // A failed search is not kept.
    found.catch(() => {
      if (known === found) known = undefined;
    });
  }
  return known;
}

/** Stops following the marker files (the extension's deactivation). */
export function stopWatchingProjects(): void {
  watching?.dispose();
  watching = undefined;
  known = undefined;
}

function watchMarkers(changed: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(`**/{${PROJECT_CONFIG_FILE},package.json}`);
  watcher.onDidCreate(changed);
  watcher.onDidChange(changed);
  watcher.onDidDelete(changed);
  return vscode.Disposable.from(watcher, vscode.workspace.onDidChangeWorkspaceFolders(changed));
}

async function findProjects(): Promise<string[]> {
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
  // Searched afresh each time: the kept list may not have heard of the change that called check yet.
  if ((await findProjects()).length > 0) {
    start();
    return new vscode.Disposable(() => undefined);
  }
  let started = false;
  const watching = watchMarkers(async () => {
    if (started || (await findProjects()).length === 0 || started) return;
    started = true;
    watching.dispose();
    start();
  });
  return watching;
}
