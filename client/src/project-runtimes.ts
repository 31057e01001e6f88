// The runtime each project's commands run with (runtime-resolution.ts decides): looked up afresh at each
// command, so an `npm install` takes effect on the next run; said in the Output channel when a project's
// choice changes, in the status bar tooltip for the active editor's project, and a major version apart
// as a warning once per package.

import { existsSync, readFileSync } from "node:fs";
import * as vscode from "vscode";
import { projectOfUri, workspaceProjects } from "./projects";
import { chooseRuntime, describeChoice, readRuntimePackage, runtimePackageCandidates, type RuntimeChoice, type RuntimePackage } from "./runtime-resolution";

export class ProjectRuntimes implements vscode.Disposable {
  private readonly said = new Map<string, string>();
  private readonly warned = new Set<string>();
  private readonly status: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private shown = false;

  constructor(
    private readonly bundled: RuntimePackage,
    private readonly output: vscode.OutputChannel,
  ) {
    this.status = vscode.window.createStatusBarItem("gluepy.runtime", vscode.StatusBarAlignment.Right, 100);
    this.status.name = "Gluepy Runtime";
    this.status.command = "gluepy.showOutput";
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.refreshStatus()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refreshStatus()),
    );
  }

  /** The CLI that runs `projectDir`'s commands (the bundled one when `projectDir` is undefined). */
  cliFor(projectDir: string | undefined): string {
    return projectDir === undefined ? this.bundled.cliPath : this.choose(projectDir).cliPath;
  }

  /** Shows the status bar item from now on (the workspace holds a Gluepy project). */
  async showStatus(): Promise<void> {
    this.shown = true;
    await this.refreshStatus();
  }

  dispose(): void {
    this.status.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private choose(projectDir: string): RuntimeChoice {
    const trusted = vscode.workspace.isTrusted;
    // Untrusted: not even looked at, so nothing of it is read or loaded.
    const choice = chooseRuntime({ trusted, project: trusted ? findProjectRuntime(projectDir) : undefined, bundled: this.bundled });
    const line = describeChoice(choice);
    if (this.said.get(projectDir) !== line) {
      this.said.set(projectDir, line);
      this.output.appendLine(`[client] runtime for ${projectDir}: ${line}`);
    }
    if (choice.warning && !this.warned.has(choice.dir)) {
      this.warned.add(choice.dir);
      this.output.appendLine(`[client] warning: ${choice.warning}`);
      void vscode.window.showWarningMessage(`Gluepy: ${choice.warning}`);
    }
    return choice;
  }

  private async refreshStatus(): Promise<void> {
    if (!this.shown) return;
    const active = vscode.window.activeTextEditor?.document.uri;
    const activeProject = active?.scheme === "file" ? projectOfUri(active) : undefined;
    // An editor outside every project (or none) keeps what the item shows; at first, the first project.
    const projectDir = activeProject ?? (this.status.text ? undefined : (await workspaceProjects())[0]);
    if (!projectDir) return;
    const choice = this.choose(projectDir);
    this.status.text = `$(package) gluepy ${choice.version}`;
    this.status.tooltip = `Gluepy runtime for ${projectDir}: ${describeChoice(choice)}`;
    this.status.show();
  }
}

/** The gluepy Node would load from `projectDir`: the first node_modules/gluepy up the tree. */
function findProjectRuntime(projectDir: string): RuntimePackage | { problem: string } | undefined {
  const found = runtimePackageCandidates(projectDir).find((file) => existsSync(file));
  if (!found) return undefined;
  try {
    return readRuntimePackage(found, readFileSync(found, "utf8"));
  } catch (e) {
    return { problem: `${found}: ${(e as Error).message}` };
  }
}
