// What the commands share for the extension's lifetime: the language client, the run controller, the runs
// view and the graph panels, plus the look-ups that go through the server.

import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { DagGraphRequest, DagListRequest, type DagGraphResult, type DagListResult } from "../../shared/protocol";
import { graphParams } from "./graph-panel-state";
import type { LayoutHost } from "./layout/host";
import type { ProjectRuntimes } from "./project-runtimes";
import type { RunController } from "./run";
import type { RunsView } from "./runs-view";

export interface Ctx {
  extensionUri: vscode.Uri;
  /** Which runtime's CLI runs a project's commands: the project's own gluepy, else the bundled one. */
  runtimes: ProjectRuntimes;
  output: vscode.OutputChannel;
  /** "Gluepy Trace": timings and choices a user or a test may want to see, not the run log. */
  trace: vscode.OutputChannel;
  client: LanguageClient;
  runs: RunController;
  runsView: RunsView;
  /** ELK for the graph panels, in a worker thread kept warm for the window. */
  layout: LayoutHost;
}

/** The server's DAG and task index; undefined (with a message in the log) when the server is not up. */
export async function listDags(ctx: Ctx): Promise<DagListResult | undefined> {
  try {
    return await ctx.client.sendRequest(DagListRequest, {});
  } catch (e) {
    ctx.output.appendLine(`[client] ${DagListRequest.method} failed: ${(e as Error).message}`);
    return undefined;
  }
}

/** `project`: the DAG's project folder (labels are unique per project); without it, the first project that has the label. */
export async function requestGraph(ctx: Ctx, label: string, project?: string): Promise<DagGraphResult> {
  return ctx.client.sendRequest(DagGraphRequest, graphParams({ dag: label, project }));
}
