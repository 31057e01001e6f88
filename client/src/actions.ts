// What the user can ask for, whichever way they ask (palette, code lens, graph panel, runs view): each
// action fills in what is missing by asking (quick picks), checks workspace trust, then runs.

import * as path from "node:path";
import * as vscode from "vscode";
import type { DagListResult, DagSummary } from "../../shared/protocol";
import { dagsOfTask, findDag, runFolderChoices } from "./command-targets";
import { listDags, requestGraph, type Ctx } from "./ctx";
import { missingUpstreamHint, runTaskChoices, tasksInRunOrder, upstreamOf } from "./run-task-choices";
import { projectOfUri } from "./projects";
import { runToRetry, runsOfDag, type RunSummary } from "../../shared/run-summary";
import { RunTrace } from "./run-trace";
import { canRun } from "./trust";
import type { DagRunRequest } from "./cli-command-lines";

export class Actions {
  constructor(private readonly ctx: Ctx) {}

  async runDag(label?: string, uri?: string): Promise<void> {
    const trace = new RunTrace();
    trace.mark("command");
    if (!canRun()) return;
    trace.mark("trusted");
    const target = await this.dagTarget(label, uri, "Run which DAG?");
    trace.mark("project");
    if (target) await this.ctx.runs.run(target.projectDir, { dag: target.dag }, trace);
  }

  /** Run one task: its DAG (picked first when no task is named), the task in the order the DAG runs, then
   * where: the latest run where its upstream tasks succeeded first (run-task-choices.ts). */
  async runTask(task?: string, uri?: string, dagLabels?: string[]): Promise<void> {
    if (!canRun()) return;
    const index = await listDags(this.ctx);
    // A workspace with one DAG: no need to ask which.
    const onlyDag = index?.dags.length === 1 ? index.dags[0]!.label : undefined;
    const dag = task ? await this.pickDagOf(task, dagLabels, index) : (await this.dagTarget(dagLabels?.[0] ?? onlyDag, uri, "Run a task of which DAG?", index))?.dag;
    if (!dag) return;
    const graph = await requestGraph(this.ctx, dag);
    if (!graph) {
      void vscode.window.showErrorMessage(`Gluepy: the DAG "${dag}" is not in the index; save its file and try again.`);
      return;
    }
    const ordered = tasksInRunOrder(graph);
    const taskLabel =
      task ??
      (
        await pick(
          ordered.map((t) => ({ label: t.label, description: t.className, detail: after(upstreamOf(t.label, graph)) })),
          `Run which task of ${dag}? (in the order the DAG runs them)`,
        )
      )?.label;
    if (!taskLabel) return;
    const target = await this.dagTarget(dag, uri ?? graph.loc?.uri ?? index?.tasks.find((t) => t.label === taskLabel)?.location.uri, "", index);
    if (!target) return;
    const runs = await this.runsOf(target.projectDir);
    if (!runs) return;
    const upstream = upstreamOf(taskLabel, graph);
    const choice = await pick(runTaskChoices(runs, dag, taskLabel, upstream), `Run task "${taskLabel}" of ${dag} in…`);
    if (!choice) return;
    if (choice.action === "dag") return void (await this.ctx.runs.run(target.projectDir, { dag }));
    const inFolder = runs.find((r) => r.runFolder === choice.folder);
    await this.ctx.runs.run(target.projectDir, { dag, task: taskLabel, ...(choice.folder ? { retry: choice.folder } : {}) }, undefined, (failed) =>
      failed.task === taskLabel ? missingUpstreamHint(taskLabel, upstream, inFolder) : undefined,
    );
  }

  /** Retries the failed tasks (and what depends on them) of the DAG's latest run. */
  async retryFailed(label?: string, uri?: string): Promise<void> {
    if (!canRun()) return;
    const target = await this.dagTarget(label, uri, "Retry the failed tasks of which DAG?");
    if (!target) return;
    const runs = await this.runsOf(target.projectDir);
    if (!runs) return;
    const run = runToRetry(runs, target.dag);
    if (!run) {
      void vscode.window.showInformationMessage(`Gluepy: nothing to retry: ${target.dag} has no run that failed or was cancelled as its latest run.`);
      return;
    }
    await this.retryRun(target.projectDir, target.dag, run.runFolder);
  }

  /** `folder`: the run folder, relative to the project's storage root (as `gluepy runs` gives it) or absolute. */
  async retryRun(projectDir: string, dag: string, folder: string): Promise<void> {
    if (!canRun()) return;
    await this.ctx.runs.run(projectDir, { dag, retry: folder, resume: true });
  }

  /** Reruns a task and everything after it, in a past run of the DAG (the latest unless the user picks). */
  async retryFromTask(task: string, uri?: string, dagLabels?: string[], latest = false): Promise<void> {
    if (!canRun()) return;
    const index = await listDags(this.ctx);
    const dag = await this.pickDagOf(task, dagLabels, index);
    if (!dag) return;
    const target = await this.dagTarget(dag, uri, "", index);
    if (!target) return;
    const listed = await this.runsOf(target.projectDir);
    if (!listed) return;
    const runs = runsOfDag(listed, dag);
    if (runs.length === 0) {
      void vscode.window.showInformationMessage(`Gluepy: ${dag} has no past run to retry "${task}" in. Run the DAG first.`);
      return;
    }
    const folder = latest
      ? runs[0]!.runFolder
      : (await pick(runFolderChoices(runs, dag).slice(1), `Rerun "${task}" and what follows it in which run of ${dag}?`))?.folder;
    if (folder) await this.ctx.runs.run(target.projectDir, { dag, fromTask: task, retry: folder });
  }

  /** A task of `dag` picked by the user, listed in the order the DAG runs them. */
  async pickTask(dag: string, prompt: string): Promise<string | undefined> {
    const graph = await requestGraph(this.ctx, dag);
    if (!graph) return undefined;
    return (await pick(tasksInRunOrder(graph).map((t) => ({ label: t.label, description: t.className })), prompt))?.label;
  }

  async run(projectDir: string, request: DagRunRequest): Promise<void> {
    if (canRun()) await this.ctx.runs.run(projectDir, request);
  }

  /** The project's runs, newest first (`gluepy runs --json`); undefined, with the CLI's message shown, when they cannot be listed. */
  async runsOf(projectDir: string): Promise<RunSummary[] | undefined> {
    const runs = await this.ctx.runsView.listings.of(projectDir);
    if ("listing" in runs) return runs.listing.runs;
    void vscode.window.showErrorMessage(`Gluepy: cannot list the runs of ${projectDir}: ${runs.error}`);
    return undefined;
  }

  /** The DAG to act on and its project: from the arguments, else picked from the server's index. */
  async dagTarget(label: string | undefined, uri: string | undefined, prompt: string, known?: DagListResult): Promise<{ dag: string; projectDir: string } | undefined> {
    // A lens names both the DAG and its file: no need to ask the server (this is on the click-to-run path).
    if (label && uri) {
      const projectDir = projectOfUri(vscode.Uri.parse(uri));
      if (projectDir) return { dag: label, projectDir };
    }
    const index = known ?? (await listDags(this.ctx));
    let dag = label;
    let picked: DagSummary | undefined;
    if (!dag) {
      // Two projects may share a label: the pick names the project, and the DAG picked is the one run or shown.
      const items = index?.dags.map((d) => ({ label: d.label, description: `${d.className}, ${d.taskCount} tasks, ${path.basename(d.project)}`, dag: d })) ?? [];
      picked = (await pick(items, prompt))?.dag;
      if (!picked) return undefined;
      dag = picked.label;
    }
    const found = picked ?? findDag(index, dag);
    const where = uri ?? ("location" in found ? found.location.uri : undefined);
    if (!where) {
      void vscode.window.showErrorMessage("error" in found ? found.error : `Gluepy: cannot tell which project ${dag} belongs to.`);
      return undefined;
    }
    const projectDir = projectOfUri(vscode.Uri.parse(where));
    if (!projectDir) {
      void vscode.window.showErrorMessage(`Gluepy: ${dag} is defined outside the workspace folders; open its project folder to run it.`);
      return undefined;
    }
    return { dag, projectDir };
  }

  private async pickDagOf(task: string, fromLens: string[] | undefined, index: DagListResult | undefined): Promise<string | undefined> {
    const dags = dagsOfTask(task, fromLens, index);
    if (dags.length === 0) {
      void vscode.window.showErrorMessage(`Gluepy: task "${task}" is in no DAG. Add it to a DAG's static tasks to run it.`);
      return undefined;
    }
    if (dags.length === 1) return dags[0];
    return (await pick(dags.map((d) => ({ label: d })), `Task "${task}" is in several DAGs: run it in which?`))?.label;
  }
}

/** A task's line in the pick: what it runs after. */
function after(upstream: string[]): string | undefined {
  if (upstream.length === 0) return undefined;
  return `after ${upstream.slice(0, 4).join(", ")}${upstream.length > 4 ? ` and ${upstream.length - 4} more` : ""}`;
}

function pick<T extends vscode.QuickPickItem>(items: T[], placeHolder: string): Thenable<T | undefined> {
  if (items.length === 0) {
    void vscode.window.showInformationMessage("Gluepy: nothing to pick from: no DAG is indexed yet. Open a file that defines a DAG.");
    return Promise.resolve(undefined);
  }
  return vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true });
}
