// The "Gluepy Runs" view: past runs read from the projects' run folders, newest first, with status and
// duration; opening a run shows its context.yaml.

import * as path from "node:path";
import * as vscode from "vscode";
import { formatDuration } from "../../shared/duration";
import { workspaceProjects } from "./projects";
import { listRuns, runsRoot, type PastRun } from "./run-folders";
import type { RunStatus } from "../../shared/events";

export interface RunItem {
  projectDir: string;
  run: PastRun;
}

const STATUS_ICONS: Record<RunStatus, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon("sync~spin"),
  succeeded: new vscode.ThemeIcon("pass", new vscode.ThemeColor("testing.iconPassed")),
  failed: new vscode.ThemeIcon("error", new vscode.ThemeColor("testing.iconFailed")),
  cancelled: new vscode.ThemeIcon("circle-slash"),
};

export class RunsView implements vscode.TreeDataProvider<RunItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher("**/runs/**/.gluepy/events.jsonl");
  private items: RunItem[] = [];

  constructor() {
    // Runs started from a terminal or tasks.json show up too.
    const refresh = () => this.refresh();
    this.watcher.onDidCreate(refresh);
    this.watcher.onDidChange(refresh);
    this.watcher.onDidDelete(refresh);
  }

  refresh(): void {
    this.changed.fire();
  }

  /** Every run of every project, newest first (what the view shows). */
  async allRuns(): Promise<RunItem[]> {
    const projects = await workspaceProjects();
    const perProject = await Promise.all(
      projects.map(async (projectDir) => (await listRuns(runsRoot(projectDir))).map((run) => ({ projectDir, run }))),
    );
    return perProject.flat().sort((a, b) => ((a.run.state?.startedAt ?? "") < (b.run.state?.startedAt ?? "") ? 1 : -1));
  }

  async getChildren(element?: RunItem): Promise<RunItem[]> {
    if (element) return [];
    this.items = await this.allRuns();
    return this.items;
  }

  getTreeItem(element: RunItem): vscode.TreeItem {
    const state = element.run.state;
    const item = new vscode.TreeItem(state ? `${state.dag}  ${shortTime(state.startedAt)}` : path.basename(element.run.folder));
    const multiProject = new Set(this.items.map((i) => i.projectDir)).size > 1;
    const status = state?.status ?? "unknown";
    const duration = state?.durationMs !== undefined ? ` · ${formatDuration(state.durationMs)}` : "";
    item.description = `${status}${duration}${multiProject ? ` · ${path.basename(element.projectDir)}` : ""}`;
    item.tooltip = `${element.run.folder}\n${taskSummary(element)}`;
    item.iconPath = state ? STATUS_ICONS[state.status] : new vscode.ThemeIcon("question");
    item.contextValue = state && state.status !== "succeeded" && state.status !== "running" ? "gluepy.run.retryable" : "gluepy.run";
    item.id = element.run.folder;
    item.command = { command: "gluepy.runs.openContext", title: "Open context.yaml", arguments: [element] };
    return item;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

function taskSummary(element: RunItem): string {
  const tasks = element.run.state?.tasks ?? {};
  return Object.entries(tasks)
    .map(([label, t]) => `${label}: ${t.status}${t.durationMs !== undefined ? ` (${formatDuration(t.durationMs)})` : ""}`)
    .join("\n");
}

function shortTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
}
