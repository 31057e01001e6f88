// Registers every command of the manifest: the code lens ids of shared/protocol.ts (positional
// arguments) and the palette/menu commands, all going to the same actions.

import * as path from "node:path";
import * as vscode from "vscode";
import { Commands } from "../../shared/protocol";
import { CONTEXT_FILE } from "../../shared/run-folder-layout";
import type { Actions } from "./actions";
import { compareArgs } from "./cli-command-lines";
import { lensArgs } from "./command-targets";
import { readConfig } from "./config";
import type { Ctx } from "./ctx";
import type { GraphPanels } from "./graph-panel";
import { generateAirflow, generateDagster, newProject } from "./generator-commands";
import { cliInvocation, runToEnd } from "./run-process";
import type { RunItem, RunTaskItem } from "./runs-view";
import { canRun } from "./trust";

export function registerCommands(ctx: Ctx, actions: Actions, graphs: GraphPanels): vscode.Disposable[] {
  const lens = (f: (a: ReturnType<typeof lensArgs>) => unknown) => (...args: unknown[]) => f(lensArgs(args));
  return [
    vscode.commands.registerCommand(Commands.runDag, lens((a) => actions.runDag(a.label, a.uri))),
    vscode.commands.registerCommand(Commands.runTask, lens((a) => actions.runTask(a.label, a.uri, a.dags))),
    vscode.commands.registerCommand(Commands.retryFailed, lens((a) => actions.retryFailed(a.label, a.uri))),
    vscode.commands.registerCommand(
      Commands.retryFromTask,
      lens(async (a) => {
        const task = a.label ?? (await vscode.window.showInputBox({ prompt: "Rerun which task (and what follows it)?" }));
        if (task) await actions.retryFromTask(task, a.uri, a.dags);
      }),
    ),
    vscode.commands.registerCommand(
      Commands.showGraph,
      lens(async (a) => {
        const target = await actions.dagTarget(a.label, a.uri, "Show the graph of which DAG?");
        if (target) graphs.show({ dag: target.dag, project: target.projectDir });
      }),
    ),
    vscode.commands.registerCommand("gluepy.whyWillRun", async (dag?: string, task?: string) => {
      // The dry run loads the project's code: refused up front in an untrusted workspace.
      if (!canRun()) return;
      const target = await actions.dagTarget(typeof dag === "string" ? dag : undefined, undefined, "Why will a task of which DAG run?");
      const label = target && (typeof task === "string" ? task : await actions.pickTask(target.dag, `Why will which task of ${target.dag} run? (in the order the DAG runs them)`));
      if (target && label) await graphs.explain({ dag: target.dag, project: target.projectDir }, label);
    }),
    vscode.commands.registerCommand(Commands.generateAirflow, () => generateAirflow(ctx)),
    vscode.commands.registerCommand(Commands.generateDagster, () => generateDagster(ctx)),
    vscode.commands.registerCommand(Commands.newProject, () => newProject(ctx)),
    vscode.commands.registerCommand("gluepy.cancelRun", () => ctx.runs.cancel()),
    vscode.commands.registerCommand("gluepy.showOutput", () => ctx.output.show()),
    vscode.commands.registerCommand("gluepy.runs.refresh", () => ctx.runsView.refresh()),
    vscode.commands.registerCommand("gluepy.runs.openContext", (item: RunItem) => openContext(item)),
    vscode.commands.registerCommand("gluepy.runs.retry", (item: RunItem) => {
      const dag = item.run.dag;
      if (dag) return actions.retryRun(item.projectDir, dag, item.run.runFolder);
    }),
    vscode.commands.registerCommand("gluepy.runs.compare", (item: RunItem, selected?: (RunItem | RunTaskItem)[]) => {
      // A selection may hold a run's tasks too (the view's children): the runs are compared.
      const runs = selected?.filter((i): i is RunItem => "run" in i) ?? [];
      return compare(ctx, runs.length ? runs : [item]);
    }),
    // A run clicked in the Runs view shows in its DAG's graph; a task clicked there is selected in it too.
    vscode.commands.registerCommand("gluepy.runs.showRun", (item: RunItem, task?: string) => item.run.dag && graphs.showRun({ dag: item.run.dag, project: item.projectDir }, item.run.runId, task)),
  ];
}

async function openContext(item: RunItem): Promise<void> {
  if (item.backend !== "local") {
    void vscode.window.showInformationMessage(`Gluepy: the context.yaml of ${item.run.runFolder} is in ${item.backend} storage, not on this disk.`);
    return;
  }
  const file = vscode.Uri.file(path.join(item.storageRoot, ...item.run.runFolder.split("/"), CONTEXT_FILE));
  try {
    await vscode.window.showTextDocument(file, { preview: true });
  } catch {
    void vscode.window.showWarningMessage(`Gluepy: this run has no context.yaml (${item.run.runFolder}); it stopped before its start task saved one.`);
  }
}

/** `gluepy dag <label> --compare <folders>`: the metrics of the selected runs side by side, in the Output. */
async function compare(ctx: Ctx, items: RunItem[]): Promise<void> {
  if (!canRun()) return;
  const dag = items[0]?.run.dag;
  if (!dag || items.some((i) => i.run.dag !== dag || i.projectDir !== items[0]!.projectDir)) {
    void vscode.window.showWarningMessage("Gluepy: compare runs of one DAG of one project: select them together (Ctrl/Cmd+click).");
    return;
  }
  const projectDir = items[0]!.projectDir;
  const args = compareArgs(projectDir, dag, items.map((i) => i.run.runFolder));
  const result = await runToEnd(cliInvocation(ctx.runtimes.cliFor(projectDir), args, readConfig().nodePath), projectDir);
  ctx.output.appendLine(`== gluepy ${args.join(" ")}`);
  ctx.output.append(result.stdout + result.stderr);
  ctx.output.show(true);
  if (result.code !== 0) void vscode.window.showErrorMessage(`Gluepy: comparing runs failed (exit ${result.code}). See the output "Gluepy".`);
}
