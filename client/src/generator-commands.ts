// The one-shot CLI commands of the palette: generate Airflow DAG files or Dagster definitions, and create a new project.

import * as path from "node:path";
import * as vscode from "vscode";
import { airflowArgs, dagsterArgs, startProjectArgs } from "./cli-command-lines";
import { readConfig } from "./config";
import { listDags, type Ctx } from "./ctx";
import { workspaceProjects } from "./projects";
import { cliInvocation, runToEnd } from "./run-process";
import { canRun } from "./trust";

/** One orchestrator's `gluepy <target> generate <dest> [label]`, as the palette asks for it. */
interface OrchestratorTarget {
  /** "Airflow", "Dagster". */
  name: string;
  /** What is written ("Airflow DAG files", "Dagster definitions"). */
  files: string;
  defaultDest: string;
  args(projectDir: string, dest: string, dag?: string): string[];
}

const AIRFLOW: OrchestratorTarget = { name: "Airflow", files: "Airflow DAG files", defaultDest: "airflow/dags", args: airflowArgs };
const DAGSTER: OrchestratorTarget = { name: "Dagster", files: "Dagster definitions", defaultDest: "dagster", args: dagsterArgs };

/** `gluepy airflow generate <dest> [label]`: asks for the project, the DAG (or all) and the folder. */
export const generateAirflow = (ctx: Ctx) => generateOrchestratorFiles(ctx, AIRFLOW);

/** `gluepy dagster generate <dest> [label]`: a module per DAG with its ops, job and Definitions. */
export const generateDagster = (ctx: Ctx) => generateOrchestratorFiles(ctx, DAGSTER);

async function generateOrchestratorFiles(ctx: Ctx, target: OrchestratorTarget): Promise<void> {
  // Generating loads the project's DAG modules, which executes workspace code.
  if (!canRun()) return;
  const projects = await workspaceProjects();
  const projectDir =
    projects.length === 1 ? projects[0] : (await vscode.window.showQuickPick(projects, { placeHolder: `Generate ${target.files} for which project?` }));
  if (!projectDir) return;
  const index = await listDags(ctx);
  const all = "$(list-flat) All DAGs";
  const dags = [all, ...(index?.dags.map((d) => d.label) ?? [])];
  const dag = await vscode.window.showQuickPick(dags, { placeHolder: `Generate ${target.files} for which DAG?` });
  if (!dag) return;
  const dest = await vscode.window.showInputBox({
    prompt: `Folder for the ${target.files}, relative to the project`,
    value: target.defaultDest,
    validateInput: (v) => (v.trim() ? undefined : `Give a folder, e.g. ${target.defaultDest}`),
  });
  if (!dest) return;
  const args = target.args(projectDir, dest.trim(), dag === all ? undefined : dag);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Gluepy: generating ${target.files}` },
    () => runToEnd(cliInvocation(ctx.runtimes.cliFor(projectDir), args, readConfig().nodePath), projectDir),
  );
  ctx.output.appendLine(`== gluepy ${args.join(" ")}`);
  ctx.output.append(result.stdout + result.stderr);
  if (result.code !== 0) {
    void vscode.window
      .showErrorMessage(`Gluepy: generating ${target.files} failed (exit ${result.code}). See the output "Gluepy".`, "Show Output")
      .then((c) => c && ctx.output.show());
    return;
  }
  const folder = vscode.Uri.file(path.resolve(projectDir, dest.trim()));
  const choice = await vscode.window.showInformationMessage(`Gluepy: ${target.files} written to ${dest.trim()}.`, "Reveal in Explorer");
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
  const result = await runToEnd(cliInvocation(ctx.runtimes.cliFor(undefined), startProjectArgs(dir), readConfig().nodePath), parent[0].fsPath);
  ctx.output.appendLine(`== gluepy startproject ${dir}`);
  ctx.output.append(result.stdout + result.stderr);
  if (result.code !== 0) {
    void vscode.window.showErrorMessage(`Gluepy: could not create ${dir} (exit ${result.code}): ${result.stderr.trim().split("\n").pop() ?? ""}`);
    return;
  }
  // It runs as it is (with this extension's runtime); its types and its own gluepy come with `npm install`.
  const choice = await vscode.window.showInformationMessage(
    `Gluepy: project created in ${dir}. Run "npm install" in it for gluepy's types (and its own gluepy).`,
    "Open Project",
    "Add to Workspace",
  );
  if (choice === "Open Project") await vscode.commands.executeCommand("vscode.openFolder", vscode.Uri.file(dir));
  if (choice === "Add to Workspace")
    vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: vscode.Uri.file(dir) });
}
