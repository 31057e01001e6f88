// "Why will this run?" (issue 13): asks the project's gluepy, through the same runtime choice as Run DAG
// (project-runtimes.ts), for a dry run of the run Run DAG would start (its settings, the project's cache
// setting), and returns the task's answer. The dry run loads
// the project (gluepy.config.ts, the task modules): workspace code, so only in a trusted workspace.

import * as vscode from "vscode";
import type { DryRunLine } from "../../shared/run-cache";
import { dryRunArgs } from "./cli-command-lines";
import { readConfig } from "./config";
import type { Ctx } from "./ctx";
import { dryRunOf } from "./dry-run-reasons";
import { cliInvocation, runToEnd } from "./run-process";
import { canRun, UNTRUSTED_MESSAGE } from "./trust";

/** The dry run's answer for `task` of `dag` in `projectDir`; refused (with the usual message) when untrusted. */
export async function askWhyWillRun(ctx: Ctx, projectDir: string, dag: string, task: string): Promise<DryRunLine | { error: string }> {
  if (!canRun()) return { error: UNTRUSTED_MESSAGE };
  const config = readConfig(vscode.Uri.file(projectDir));
  const args = dryRunArgs(projectDir, dag, config);
  const result = await runToEnd(cliInvocation(ctx.runtimes.cliFor(projectDir), args, config.nodePath), projectDir);
  const answer = dryRunOf(result, dag, task);
  ctx.output.appendLine(`[client] gluepy ${args.join(" ")}: ${"error" in answer ? answer.error : answer.willRun ? "will run" : "will be reused"}`);
  return answer;
}
