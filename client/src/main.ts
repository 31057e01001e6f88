// Extension entry point: starts the language client for the bundled server, wires commands, runs, the
// runs view, the task provider and the graph panels; on deactivate stops the server and any run.

import * as vscode from "vscode";
import { IndexChangedNotification, type IndexChangedParams } from "../../shared/protocol";
import { Actions } from "./actions";
import { createLanguageClient } from "./client";
import { graphLayoutSetting } from "./config";
import { registerCommands } from "./commands";
import { listDags, type Ctx } from "./ctx";
import { GraphPanels } from "./graph-panel";
import { LayoutHost, warmUpSizes } from "./layout/host";
import { prewarmRuntime } from "./prewarm";
import { RunProblems } from "./failed-task-diagnostics";
import { RunController } from "./run";
import { RunsView } from "./runs-view";
import { GluepyTaskProvider, TASK_TYPE } from "./tasks";

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Gluepy", "gluepy-log");
  const serverOutput = vscode.window.createOutputChannel("Gluepy Language Server", { log: true });
  const cliPath = context.asAbsolutePath("dist/runtime/cli.js");
  const problems = new RunProblems();
  const trace = vscode.window.createOutputChannel("Gluepy Trace");
  const runs = new RunController(cliPath, output, problems, trace);
  const runsView = new RunsView();
  const client = createLanguageClient(context.asAbsolutePath("dist/server/server.js"), serverOutput);
  const layout = new LayoutHost(context.asAbsolutePath("dist/client/layout-thread.js"));
  ctx = { extensionUri: context.extensionUri, cliPath, output, client, runs, runsView, layout };
  const actions = new Actions(ctx);
  const graphs = new GraphPanels(ctx, actions);
  const started = ctx;

  context.subscriptions.push(
    output,
    serverOutput,
    trace,
    problems,
    runs,
    runsView,
    graphs,
    vscode.window.createTreeView("gluepy.runs", { treeDataProvider: runsView, canSelectMany: true }),
    vscode.tasks.registerTaskProvider(TASK_TYPE, new GluepyTaskProvider(cliPath, () => listDags(started))),
    runs.onRunEvent((notice) => graphs.runEvent(notice)),
    runs.onRunEnd(() => runsView.refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.appendLine("[client] workspace trusted: running DAGs is enabled.");
      void prewarmRuntime(cliPath, trace);
    }),
    ...registerCommands(ctx, actions, graphs),
    { dispose: () => void layout.dispose() },
  );
  void vscode.commands.executeCommand("setContext", "gluepy.running", false);

  // Off the activation path: the first click then finds the runtime's caches warm.
  void prewarmRuntime(cliPath, trace);
  client.onNotification(IndexChangedNotification, (params: IndexChangedParams) => graphs.indexChanged(params.dags));
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`Gluepy: the language server did not start: ${(e as Error).message}. See the output "Gluepy Language Server".`);
  }
  if (graphLayoutSetting() === "extensionHost") void warmUpLayout(started, trace);
}

/** Warms the graph layout engine up for the workspace's largest DAG, once the server's first index is done
 * (it answers then), on the layout thread: nothing waits for it. */
async function warmUpLayout(ctx: Ctx, trace: vscode.OutputChannel): Promise<void> {
  const largest = Math.max(0, ...((await listDags(ctx))?.dags ?? []).map((d) => d.taskCount));
  try {
    const ms = await ctx.layout.warmUp(warmUpSizes(largest));
    trace.appendLine(`[graph] layout engine warmed up for DAGs of ${largest} tasks in ${Math.round(ms)} ms`);
  } catch (e) {
    ctx.output.appendLine(`[client] graph layout engine: ${(e as Error).message}; graph panels lay out by themselves.`);
  }
}

export async function deactivate(): Promise<void> {
  if (!ctx) return;
  const { runs, client } = ctx;
  ctx = undefined;
  // Both stop their processes: the run's whole process group, and the server.
  await Promise.allSettled([runs.stop(), client.stop(2000)]);
}
