// The two one-shot CLI commands of the palette: generate Airflow DAG files, and create a new project.

import * as path from "node:path";
import * as vscode from "vscode";
import { airflowArgs, startProjectArgs } from "./cli-command-lines";
import { readConfig } from "./config";
import { listDags, type Ctx } from "./ctx";
import { workspaceProjects } from "./projects";
import { cliInvocation, runToEnd } from "./run-process";
import { canRun } from "./trust";

/** `gluepy airflow generate <dest> [label]`: asks for the project, the DAG (or all) and the folder. */
export async function generateAirflow(ctx: Ctx): Promise<void> {
  // Generating loads the project's DAG modules, which executes workspace code.
  if (!canRun()) return;
  const projects = await workspaceProjects();
  const projectDir =
    projects.length === 1 ? projects[0] : (await vscode.window.showQuickPick(projects, { placeHolder: "Generate Airflow DAGs for which project?" }));
  if (!projectDir) return;
  const index = await listDags(ctx);
  const all = "$(list-flat) All DAGs";
  const dags = [all, ...(index?.dags.map((d) => d.label) ?? [])];
  const dag = await vscode.window.showQuickPick(dags, { placeHolder: "Generate an Airflow DAG file for which DAG?" });
  if (!dag) return;
  const dest = await vscode.window.showInputBox({
    prompt: "Folder for the Airflow DAG files, relative to the project",
    value: "airflow/dags",
    validateInput: (v) => (v.trim() ? undefined : "Give a folder, e.g. airflow/dags"),
  });
  if (!dest) return;
  const args = airflowArgs(projectDir, dest.trim(), dag === all ? undefined : dag);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "Gluepy: generating Airflow DAGs" },
    () => runToEnd(cliInvocation(ctx.cliPath, args, readConfig().nodePath), projectDir),
  );
  ctx.output.appendLine(`== gluepy ${args.join(" ")}`);
  ctx.output.append(result.stdout + result.stderr);
  if (result.code !== 0) {
    void vscode.window.showErrorMessage(`Gluepy: generating Airflow DAGs failed (exit ${result.code}). See the output "Gluepy".`, "Show Output").then((c) => c && ctx.output.show());
    return;
  }
  const folder = vscode.Uri.file(path.resolve(projectDir, dest.trim()));
  const choice = await vscode.window.showInformationMessage(`Gluepy: Airflow DAG files written to ${dest.trim()}.`, "Reveal in Explorer");
  if (choice) await vscode.commands.executeCommand("revealInExplorer", folder);
}

/** `gluepy startproject <dir>`: asks where, creates a runnable project, offers to open it. */
export async function newProject(ctx: Ctx): Promise<void> {
  const parent = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: "Create the project in this folder",
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  if (!parent?.[0]) return;
  const name = await vscode.window.showInputBox({
    prompt: "Name of the new project folder",
    value: "forecast",
    validateInput: (v) => (/^[A-Za-z0-9._-]+$/.test(v) ? undefined : "Letters, digits, '.', '_' and '-' only"),
  });
  if (!name) return;
  const dir = path.join(parent[0].fsPath, name);
  const result = await runToEnd(cliInvocation(ctx.cliPath, startProjectArgs(dir), readConfig().nodePath), parent[0].fsPath);
  ctx.output.appendLine(`== gluepy startproject ${dir}`);
  ctx.output.append(result.stdout + result.stderr);
  if (result.code !== 0) {
    void vscode.window.showErrorMessage(`Gluepy: could not create ${dir} (exit ${result.code}): ${result.stderr.trim().split("\n").pop() ?? ""}`);
    return;
  }
  const choice = await vscode.window.showInformationMessage(`Gluepy: project created in ${dir}.`, "Open Project", "Add to Workspace");
  if (choice === "Open Project") await vscode.commands.executeCommand("vscode.openFolder", vscode.Uri.file(dir));
  if (choice === "Add to Workspace")
    vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: vscode.Uri.file(dir) });
}
