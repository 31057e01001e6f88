// The "Gluepy Runs" view: every project's past runs as the runtime lists them (`gluepy runs --json`, so
// a storageRoot setting and S3 storage are honoured), newest first, with status and the run's own duration.
// It keeps the listings the other commands use, and follows run records changing on disk, wherever
// the storage root is. The extension's own run it shows live, from the run's events (live-run.ts).

import { existsSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { RunEvent, TaskStatus } from "../../shared/events";
import type { TaskState } from "../../shared/run-state";
import { newestFirst, type RunListing, type RunSummary } from "../../shared/run-summary";
import { readConfig } from "./config";
import { FrameBatches } from "./frame-batches";
import { foldLiveRun, LIVE_REFRESH_MS, startLiveRun, type LiveRun } from "./live-run";
import { workspaceProjects } from "./projects";
import { recordWatches, watchKey, type RecordWatch } from "./record-watches";
import { listProjectRuns, readRunState, recordDirOf, RunListings, type ProjectRuns } from "./run-folders";
import type { RunEventNotice } from "./run";
import { runDescription, runTooltip, taskDescription, taskTooltip } from "./run-tree-items";

export interface RunItem {
  projectDir: string;
  /** Absolute local storage root of the project (run folders are relative to it). */
  storageRoot: string;
  backend: string;
  run: RunSummary;
}

/** A project whose runs could not be listed: the view says why instead of showing nothing. */
export interface ListingProblem {
  projectDir: string;
  error: string;
}

/** A task of a listed run (the run's children): its status, and the run it was reused from. */
export interface RunTaskItem {
  parent: RunItem;
  task: string;
  status: TaskStatus;
  reusedFrom?: string;
  /** The task in the run's record (attempts, duration, error), when it could be read. */
  state?: TaskState;
}

type Element = RunItem | ListingProblem | RunTaskItem;

const TASK_ICONS: Record<TaskStatus, vscode.ThemeIcon> = {
  pending: new vscode.ThemeIcon("circle-outline"),
  running: new vscode.ThemeIcon("sync~spin"),
  succeeded: new vscode.ThemeIcon("pass", new vscode.ThemeColor("testing.iconPassed")),
  failed: new vscode.ThemeIcon("error", new vscode.ThemeColor("testing.iconFailed")),
  skipped: new vscode.ThemeIcon("debug-step-over"),
  cancelled: new vscode.ThemeIcon("circle-slash"),
};
/** A task the run cache reused: not run, so not the pass icon of a task that ran. */
const REUSED_ICON = new vscode.ThemeIcon("archive", new vscode.ThemeColor("testing.iconPassed"));

const STATUS_ICONS: Record<RunSummary["status"], vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon("sync~spin"),
  succeeded: new vscode.ThemeIcon("pass", new vscode.ThemeColor("testing.iconPassed")),
  failed: new vscode.ThemeIcon("error", new vscode.ThemeColor("testing.iconFailed")),
  cancelled: new vscode.ThemeIcon("circle-slash"),
  unknown: new vscode.ThemeIcon("question"),
};

/** Run records change many times a second during a run: the view lists again at most this often. */
const RELIST_MS = 2000;

/** The extension's own run while the view shows it live: the same item objects throughout, so that a
 * refresh names exactly the rows that changed. */
interface ShownLiveRun {
  live: LiveRun;
  item: RunItem;
  tasks: Map<string, RunTaskItem>;
}

export class RunsView implements vscode.TreeDataProvider<Element>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Element[] | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listed = new vscode.EventEmitter<ProjectRuns>();
  /** Every fresh listing of a project (the language server's hover learns the last runs from it). */
  readonly onDidList = this.listed.event;
  readonly listings: RunListings;
  /** What each project's last listing wants watched (record-watches.ts). */
  private readonly wantedWatches = new Map<string, RecordWatch[]>();
  /** The watchers of run records, by watchKey. */
  private readonly recordWatchers = new Map<string, vscode.Disposable>();
  private readonly configWatcher = vscode.workspace.createFileSystemWatcher("**/gluepy.config.ts");
  private relist: NodeJS.Timeout | undefined;
  private items: (RunItem | ListingProblem)[] = [];
  /** Each project's storage root and backend, from its last listing (the live run's item needs them). */
  private readonly roots = new Map<string, { storageRoot: string; backend: string }>();
  private shownLive: ShownLiveRun | undefined;
  private view: vscode.TreeView<Element> | undefined;
  private readonly liveEvents = new FrameBatches<RunEventNotice>((notices) => this.showLive(notices), LIVE_REFRESH_MS, true);

  /** `ownRunGoing`: whether the extension's own run is going; its record changes are not followed (the
   * view lists again when it ends), so a long run does not start a listing every two seconds. */
  constructor(
    cliFor: (projectDir: string) => string,
    private readonly ownRunGoing: () => boolean = () => false,
  ) {
    this.listings = new RunListings(async (projectDir) => {
      const runs = await listProjectRuns(cliFor(projectDir), projectDir, readConfig(vscode.Uri.file(projectDir)).nodePath);
      if ("listing" in runs) {
        this.followRecords(projectDir, runs.listing);
        this.roots.set(projectDir, { storageRoot: runs.listing.storageRoot, backend: runs.listing.backend });
      }
      this.listed.fire(runs);
      return runs;
    });
    // A changed gluepy.config.ts may move the storage root.
    const all = () => this.refresh();
    this.configWatcher.onDidCreate(all);
    this.configWatcher.onDidChange(all);
    this.configWatcher.onDidDelete(all);
  }

  /** Where the live run's progress is shown while its row is not refreshed (the view's header). */
  showIn(view: vscode.TreeView<Element>): void {
    this.view = view;
  }

  /** Lists again (after a run, or when asked). The live run gives way to its record once it has ended. */
  refresh(): void {
    clearTimeout(this.relist);
    this.relist = undefined;
    if (!this.ownRunGoing()) {
      this.liveEvents.dispose();
      this.shownLive = undefined;
      if (this.view) this.view.description = undefined;
    }
    this.listings.forget();
    this.changed.fire();
    void this.listAll();
  }

  /** Lists every project's runs now, for the hover, whether the view is open or not. */
  async listAll(): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    await Promise.all((await workspaceProjects()).map((dir) => this.listings.of(dir)));
  }

  /** Every run of every project, newest first, and the projects whose runs could not be listed. */
  async allRuns(): Promise<(RunItem | ListingProblem)[]> {
    if (!vscode.workspace.isTrusted) return [];
    const perProject = await Promise.all((await workspaceProjects()).map((dir) => this.listings.of(dir)));
    const problems: ListingProblem[] = [];
    const runs: RunItem[] = [];
    for (const p of perProject) {
      if ("error" in p) problems.push({ projectDir: p.projectDir, error: p.error });
      else for (const run of p.listing.runs) runs.push({ projectDir: p.projectDir, storageRoot: p.listing.storageRoot, backend: p.listing.backend, run });
    }
    return [...problems, ...runs.sort((a, b) => newestFirst(a.run, b.run))];
  }

  /**
   * An event of the extension's own run: its row appears at run-start (expanded, running), its tasks' rows
   * follow their statuses, refreshed together at most every LIVE_REFRESH_MS, and only the rows that changed.
   */
  follow(notice: RunEventNotice): void {
    this.liveEvents.push(notice);
    if (notice.event.event === "run-start" || notice.event.event === "run-end") this.liveEvents.flush();
  }

  private showLive(notices: RunEventNotice[]): void {
    const changed = new Set<Element>();
    let root = false;
    for (let i = 0; i < notices.length; ) {
      const { event, project } = notices[i]!;
      if (event.event === "run-start") {
        this.shownLive = this.startLive(project, event);
        root = true;
        i++;
        continue;
      }
      // The events up to the next run-start belong to the shown run.
      let end = i;
      while (end < notices.length && notices[end]!.event.event !== "run-start") end++;
      const shown = this.shownLive;
      if (shown) this.foldLive(shown, notices.slice(i, end).map((n) => n.event), changed);
      i = end;
    }
    if (root) this.changed.fire();
    else if (changed.size > 0) this.changed.fire([...changed]);
  }

  private startLive(projectDir: string, event: Extract<RunEvent, { event: "run-start" }>): ShownLiveRun {
    const listed = this.items.find((i): i is RunItem => "run" in i && i.projectDir === projectDir && i.run.runFolder === event.runFolder);
    const live = startLiveRun(event, listed?.run);
    const root = this.roots.get(projectDir) ?? { storageRoot: listed?.storageRoot ?? "", backend: listed?.backend ?? "" };
    const item: RunItem = { projectDir, ...root, run: live.summary };
    const tasks = new Map(live.state.order.map((task) => [task, taskItem(item, task, live.summary.tasks[task]!, live.state.tasks[task])]));
    return { live, item, tasks };
  }

  /** Folds events into the live run; the rows they changed are added to `changed`. */
  private foldLive(shown: ShownLiveRun, events: RunEvent[], changed: Set<Element>): void {
    const change = foldLiveRun(shown.live, events);
    const { summary, state } = shown.live;
    if (change.run) {
      shown.item.run = summary;
      // A refreshed row has its children asked again (all of the run's tasks, a second or more for 1,000
      // in a busy window, holding back every task row's change): while the run goes, its progress is
      // shown in the view's header instead, and its row is refreshed when the run has ended.
      if (summary.status !== "running") changed.add(shown.item);
      if (this.view) this.view.description = summary.status === "running" ? `${summary.dag ?? summary.runId} ${runDescription(summary)}` : undefined;
    }
    for (const task of change.tasks) {
      const row = shown.tasks.get(task);
      if (!row) continue;
      row.status = summary.tasks[task] ?? state.tasks[task]?.status ?? row.status;
      row.state = state.tasks[task];
      const reusedFrom = summary.reused?.[task];
      if (reusedFrom) row.reusedFrom = reusedFrom;
      else delete row.reusedFrom;
      changed.add(row);
    }
  }

  async getChildren(element?: Element): Promise<Element[]> {
    if (element) return "run" in element ? this.tasksOf(element) : [];
    const listed = await this.allRuns();
    this.items = this.withLiveRun(listed);
    return this.items;
  }

  /** The listing, with the live run's own item in place of what the disk said of it so far (or added). */
  private withLiveRun(listed: (RunItem | ListingProblem)[]): (RunItem | ListingProblem)[] {
    const shown = this.shownLive;
    if (!shown) return listed;
    const isLive = (i: RunItem | ListingProblem) => "run" in i && i.projectDir === shown.item.projectDir && i.run.runFolder === shown.item.run.runFolder;
    const problems = listed.filter((i) => !("run" in i));
    const runs = listed.filter((i): i is RunItem => "run" in i && !isLive(i));
    return [...problems, ...[shown.item, ...runs].sort((a, b) => newestFirst(a.run, b.run))];
  }

  getTreeItem(element: Element): vscode.TreeItem {
    if ("task" in element) return taskTreeItem(element);
    if (!("run" in element)) {
      const item = new vscode.TreeItem(`${path.basename(element.projectDir)}: runs not listed`);
      item.description = element.error;
      item.tooltip = `gluepy runs --json in ${element.projectDir} said:\n${element.error}`;
      item.iconPath = new vscode.ThemeIcon("warning");
      item.contextValue = "gluepy.runsProblem";
      return item;
    }
    const { run } = element;
    // The extension's own run opens expanded: its tasks are what the user watches.
    const expanded = element === this.shownLive?.item ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(
      run.dag ? `${run.dag}  ${shortTime(run.startedAt ?? run.runId)}` : run.runId,
      Object.keys(run.tasks).length > 0 ? expanded : vscode.TreeItemCollapsibleState.None,
    );
    const multiProject = new Set(this.items.map((i) => i.projectDir)).size > 1;
    item.description = runDescription(run, multiProject ? path.basename(element.projectDir) : undefined);
    item.tooltip = new vscode.MarkdownString(runTooltip(run));
    item.iconPath = STATUS_ICONS[run.status];
    item.contextValue = run.dag && run.status !== "succeeded" && run.status !== "running" ? "gluepy.run.retryable" : "gluepy.run";
    item.id = `${element.projectDir}:${run.runFolder}`;
    if (run.dag) item.command = { command: "gluepy.runs.showRun", title: "Show Run in Graph", arguments: [element] };
    return item;
  }

  /** A run's tasks in the DAG's order, with what its record says of each (durations, attempts, errors). */
  private async tasksOf(run: RunItem): Promise<RunTaskItem[]> {
    if (run === this.shownLive?.item) return [...this.shownLive.tasks.values()];
    const state = await readRunState(recordDirOf(run, run.run));
    return Object.entries(run.run.tasks).map(([task, status]) => taskItem(run, task, status, state?.tasks[task]));
  }

  /**
   * Follows the run records a listing found, also outside the workspace folders: a run started elsewhere
   * shows within RELIST_MS of its folder appearing and of its record changing.
   */
  private followRecords(projectDir: string, listing: RunListing): void {
    this.wantedWatches.set(projectDir, recordWatches(listing, new Date(), existsSync));
    const wanted = new Map([...this.wantedWatches.values()].flat().map((w) => [watchKey(w), w]));
    for (const [key, watcher] of this.recordWatchers)
      if (!wanted.has(key)) {
        watcher.dispose();
        this.recordWatchers.delete(key);
      }
    let added = false;
    for (const [key, watch] of wanted) {
      if (this.recordWatchers.has(key)) continue;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(watch.dir), watch.pattern));
      const soon = () => this.relistSoon();
      watcher.onDidCreate(soon);
      watcher.onDidChange(soon);
      watcher.onDidDelete(soon);
      this.recordWatchers.set(key, watcher);
      added = true;
    }
    // A change between this listing and a new watcher being there left no event.
    if (added) this.relistSoon();
  }

  private relistSoon(): void {
    if (!this.ownRunGoing()) this.relist ??= setTimeout(() => this.refresh(), RELIST_MS);
  }

  dispose(): void {
    clearTimeout(this.relist);
    this.liveEvents.dispose();
    for (const w of this.recordWatchers.values()) w.dispose();
    this.configWatcher.dispose();
    this.changed.dispose();
    this.listed.dispose();
  }
}

function taskItem(parent: RunItem, task: string, status: TaskStatus, state: TaskState | undefined): RunTaskItem {
  const reusedFrom = parent.run.reused?.[task];
  return { parent, task, status, ...(reusedFrom ? { reusedFrom } : {}), ...(state ? { state } : {}) };
}

function taskTreeItem(element: RunTaskItem): vscode.TreeItem {
  const item = new vscode.TreeItem(element.task);
  item.description = taskDescription(element.status, element.state, element.reusedFrom);
  item.tooltip = taskTooltip(element.task, element.status, element.state, element.reusedFrom);
  item.iconPath = element.reusedFrom ? REUSED_ICON : TASK_ICONS[element.status];
  item.contextValue = element.reusedFrom ? "gluepy.runTask.cached" : "gluepy.runTask";
  item.id = `${element.parent.projectDir}:${element.parent.run.runFolder}:${element.task}`;
  if (element.parent.run.dag) item.command = { command: "gluepy.runs.showRun", title: "Show in Graph", arguments: [element.parent, element.task] };
  return item;
}

function shortTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
}
