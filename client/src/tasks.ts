// A TaskProvider of type "gluepy": every DAG the language server knows becomes a task, and tasks.json
// entries like {"type": "gluepy", "dag": "training", "fromTask": "forecast"} run `gluepy dag` in a terminal.

import * as path from "node:path";
import * as vscode from "vscode";
import type { DagListResult } from "../../shared/protocol";
import { dagRunArgs, describeRun, type DagRunRequest } from "./cli-command-lines";
import { readConfig } from "./config";
import { projectOfUri } from "./projects";
import { cliInvocation } from "./run-process";

export const TASK_TYPE = "gluepy";

export interface GluepyTaskDefinition extends vscode.TaskDefinition, DagRunRequest {
  type: typeof TASK_TYPE;
  patches?: string[];
  /** Project folder relative to the workspace folder. */
  project?: string;
}

export class GluepyTaskProvider implements vscode.TaskProvider {
  constructor(
    private readonly cliFor: (projectDir: string) => string,
    private readonly listDags: () => Promise<DagListResult | undefined>,
  ) {}

  async provideTasks(): Promise<vscode.Task[]> {
    const list = await this.listDags();
    const tasks: vscode.Task[] = [];
    for (const dag of list?.dags ?? []) {
      const uri = vscode.Uri.parse(dag.location.uri);
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const projectDir = projectOfUri(uri);
      if (!folder || !projectDir) continue;
      const project = path.relative(folder.uri.fsPath, projectDir) || undefined;
      tasks.push(this.build({ type: TASK_TYPE, dag: dag.label, ...(project ? { project } : {}) }, folder));
    }
    return tasks;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as GluepyTaskDefinition;
    if (typeof definition.dag !== "string" || !definition.dag) return undefined;
    const folder = typeof task.scope === "object" ? task.scope : vscode.workspace.workspaceFolders?.[0];
    return folder ? this.build(definition, folder) : undefined;
  }

  private build(definition: GluepyTaskDefinition, folder: vscode.WorkspaceFolder): vscode.Task {
    const projectDir = path.resolve(folder.uri.fsPath, definition.project ?? ".");
    const config = readConfig(folder.uri);
    const settings = { ...config, patches: [...(config.patches ?? []), ...(definition.patches ?? [])] };
    const invocation = cliInvocation(this.cliFor(projectDir), dagRunArgs(projectDir, definition, settings, false), config.nodePath);
    const execution = new vscode.ProcessExecution(invocation.command, invocation.args, {
      cwd: projectDir,
      env: pickDefined(invocation.env),
    });
    const task = new vscode.Task(definition, folder, describeRun(definition), TASK_TYPE, execution, []);
    task.detail = `gluepy ${invocation.args.slice(1).join(" ")}`;
    return task;
  }
}

function pickDefined(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
