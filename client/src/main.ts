// Extension entry point: wires commands, runs, the runs view, the task provider and the graph panels, and,
// only in a workspace that holds a Gluepy project, starts the language server, the runtime's warm-up, the
// run listing and the graph engine's warm-up (at once, or when a project appears); on deactivate stops the
// server and any run.

import * as vscode from "vscode";
import { IndexChangedNotification, RunsListedNotification } from "../../shared/protocol";
import { firstLayoutInput } from "../../shared/layout/elk-graph";
import { Actions } from "./actions";
import { createLanguageClient } from "./client";
import { graphLayoutSetting } from "./config";
import { registerCommands } from "./commands";
import { listDags, requestGraph, type Ctx } from "./ctx";
import { GraphPanels } from "./graph-panel";
import { ExperimentsPanel } from "./experiments-panel";
import { AHEAD_DIRECTIONS, dagsToLayOutAhead } from "./layout/ahead";
import { LayoutHost, warmUpSizes } from "./layout/host";
import { prewarmRuntime } from "./prewarm";
import { ProjectRuntimes } from "./project-runtimes";
import { stopWatchingProjects, whenProjectsExist } from "./projects";
import { RunProblems } from "./failed-task-diagnostics";
import { RunController } from "./run";
import { RunFingerprints } from "./run-fingerprints";
import { RunsView } from "./runs-view";
import { TablePreviews } from "./table-preview";
import { GluepyTaskProvider, TASK_TYPE } from "./tasks";

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Gluepy", "gluepy-log");
  const serverOutput = vscode.window.createOutputChannel("Gluepy Language Server", { log: true });
  // The runtime the extension bundles shares the extension's version; a project's own gluepy is preferred.
  const runtimes = new ProjectRuntimes(
    { version: String(context.extension.packageJSON.version), dir: context.asAbsolutePath("dist/runtime"), cliPath: context.asAbsolutePath("dist/runtime/cli.js") },
    output,
  );
  const cliFor = (projectDir: string) => runtimes.cliFor(projectDir);
  const problems = new RunProblems();
  const trace = vscode.window.createOutputChannel("Gluepy Trace");
  const runs = new RunController(cliFor, output, problems, trace);
  const runsView = new RunsView(cliFor, () => runs.running);
  const client = createLanguageClient(context.asAbsolutePath("dist/server/server.js"), serverOutput);
  const layout = new LayoutHost(context.asAbsolutePath("dist/client/layout-thread.js"));
  ctx = { extensionUri: context.extensionUri, runtimes, output, trace, client, runs, runsView, layout };
  const actions = new Actions(ctx);
  const graphs = new GraphPanels(ctx, actions, context.globalState);
  const experiments = new ExperimentsPanel(ctx, actions, graphs);
  const started = ctx;

  const runsTree = vscode.window.createTreeView("gluepy.runs", { treeDataProvider: runsView, canSelectMany: true });
  runsView.showIn(runsTree);
  context.subscriptions.push(
    output,
    runtimes,
    serverOutput,
    trace,
    problems,
    runs,
    runsView,
    graphs,
    new TablePreviews(ctx),
    experiments,
    vscode.commands.registerCommand("gluepy.showExperiments", () => experiments.show()),
    runsTree,
    vscode.tasks.registerTaskProvider(TASK_TYPE, new GluepyTaskProvider(cliFor, () => listDags(started))),
    runs.onRunEvent((notice) => graphs.runEvent(notice)),
    // The view shows the extension's own run live from its events, and lists again when it ends.
    runs.onRunEvent((notice) => runsView.follow(notice)),
    runs.onRunEnd(() => runsView.refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.appendLine("[client] workspace trusted: running DAGs is enabled.");
      if (!gluepyStarted) return;
      void prewarmRuntime(cliFor, trace);
      runsView.refresh();
    }),
    ...registerCommands(ctx, actions, graphs),
    { dispose: () => void layout.dispose() },
    { dispose: stopWatchingProjects },
  );
  void vscode.commands.executeCommand("setContext", "gluepy.running", false);
  let indexed!: () => void;
  firstIndex = new Promise<void>((resolve) => (indexed = resolve));
  client.onNotification(IndexChangedNotification, (params) => {
    // The first one ends the server's cold index (it names every DAG): the layout warm-up waits for it.
    indexed();
    graphs.indexChanged(params.dags);
  });
  // Anywhere else nothing starts: no server indexing the folder, no `gluepy` process, nothing written.
  context.subscriptions.push(await whenProjectsExist(() => startForProjects(started, trace)));
  if (!gluepyStarted) trace.appendLine("[client] no Gluepy project in the workspace (no gluepy.config.ts, no package.json that depends on gluepy): nothing started");
}

/** Set once the workspace is known to hold a Gluepy project and the server and warm-ups were started. */
let gluepyStarted = false;
/** Settles when the server has indexed the workspace (until then it answers from what it has indexed so far). */
let firstIndex: Promise<void> = Promise.resolve();

async function startForProjects(ctx: Ctx, trace: vscode.OutputChannel): Promise<void> {
  if (gluepyStarted) return;
  gluepyStarted = true;
  void vscode.commands.executeCommand("setContext", "gluepy.hasProject", true);
  // Off the activation path: the first click then finds the runtime's caches warm.
  void ctx.runtimes.showStatus();
  void prewarmRuntime((dir) => ctx.runtimes.cliFor(dir), trace);
  try {
    await ctx.client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`Gluepy: the language server did not start: ${(e as Error).message}. See the output "Gluepy Language Server".`);
  }
  // The hover's "Last run" line and the outdated marks come from the runs the runtime lists, with each DAG's
  // last fingerprints (the server reads no run folder itself).
  const fingerprints = new RunFingerprints();
  ctx.runsView.onDidList((runs) => {
    if (!("listing" in runs)) return;
    void fingerprints.of(runs.projectDir, runs.listing).then((recorded) => {
      if (recorded && ctx.client.isRunning()) void ctx.client.sendNotification(RunsListedNotification, { project: runs.projectDir, runs: runs.listing.runs, fingerprints: recorded });
    });
  });
  void ctx.runsView.listAll();
  if (graphLayoutSetting() === "extensionHost") void warmUpLayout(ctx, trace);
}

/** Warms the graph layout engine up on the layout thread: nothing waits for it. ELK's code is compiled at once;
 * once the server has indexed the workspace, the engine lays out real DAGs ahead where it can (ahead.ts), else
 * made-up DAGs of the largest one's size, so that a big DAG's first panel finds ELK optimised. */
async function warmUpLayout(ctx: Ctx, trace: vscode.OutputChannel): Promise<void> {
  try {
    const start = performance.now();
    await ctx.layout.warmUp(warmUpSizes(0));
    await firstIndex;
    const dags = (await listDags(ctx))?.dags ?? [];
    const largest = Math.max(0, ...dags.map((d) => d.taskCount));
    const laidOut = await Promise.all(
      dagsToLayOutAhead(dags, vscode.window.activeTextEditor?.document.uri.toString()).map(async (dag) => {
        const graph = await requestGraph(ctx, dag.label, dag.project).catch(() => null);
        if (!graph) return undefined;
        await Promise.all(AHEAD_DIRECTIONS.map((direction) => ctx.layout.layOutAhead(firstLayoutInput(graph, direction))));
        return dag.label;
      }),
    );
    const ahead = laidOut.filter((label) => label !== undefined);
    if (ahead.length === 0) await ctx.layout.warmUp(warmUpSizes(largest));
    const aheadNote = ahead.length > 0 ? `; laid out ahead: ${ahead.join(", ")}` : "";
    trace.appendLine(`[graph] layout engine warmed up for DAGs of ${largest} tasks in ${Math.round(performance.now() - start)} ms${aheadNote}`);
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
