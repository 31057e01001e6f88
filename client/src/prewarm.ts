// Warms the runtime before the first "Run DAG" click: one `gluepy list --json` per project, in the
// background, fills the caches a cold run would otherwise fill on the click-to-first-task path (V8's code
// cache of the CLI bundles, the project's compiled bundle). Only in a trusted workspace: it loads project code.

import * as vscode from "vscode";
import { listArgs } from "./cli-command-lines";
import { readConfig } from "./config";
import { workspaceProjects } from "./projects";
import { cliInvocation, runToEnd } from "./run-process";

/** Runs the warm-up for every project, one after the other (two cores: a run should not wait on several). */
export async function prewarmRuntime(cliFor: (projectDir: string) => string, trace: vscode.OutputChannel): Promise<void> {
  if (!vscode.workspace.isTrusted) return;
  for (const dir of await workspaceProjects()) {
    const config = readConfig(vscode.Uri.file(dir));
    const started = Date.now();
    const result = await runToEnd(cliInvocation(cliFor(dir), listArgs(dir), config.nodePath), dir);
    // A project that does not load is reported by the run itself; here it only means nothing was warmed.
    trace.appendLine(`prewarm ${dir} @${started}: gluepy list exited ${result.code} in ${Date.now() - started} ms`);
  }
}
