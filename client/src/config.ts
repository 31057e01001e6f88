// The extension's settings (package.json contributes.configuration), read fresh at each use so a change
// applies to the next run without a reload.

import * as vscode from "vscode";
import type { RunSettings } from "./cli-command-lines";
import type { RevealOutput } from "./reveal-output";

export interface GluepyConfig extends RunSettings {
  /** Node executable for runs; undefined means the editor's own. */
  nodePath: string | undefined;
}

export function readConfig(scope?: vscode.Uri): GluepyConfig {
  const c = vscode.workspace.getConfiguration("gluepy", scope);
  const nodePath = c.get<string>("nodePath", "").trim();
  return {
    nodePath: nodePath || undefined,
    concurrency: c.get<number | null>("concurrency", null),
    patches: c.get<string[]>("patches", []),
    localPatches: c.get<string[]>("localPatches", []),
  };
}

/** Where the graph panels lay DAGs out: "extensionHost" (one ELK kept warm for the window) or "webview" (a
 * Web Worker in each panel: nothing crosses the connection to a remote extension host, but every new panel
 * starts ELK cold). */
export type GraphLayoutSetting = "extensionHost" | "webview";

export function graphLayoutSetting(): GraphLayoutSetting {
  return vscode.workspace.getConfiguration("gluepy").get<string>("graph.layout") === "webview" ? "webview" : "extensionHost";
}

export function revealOutputSetting(): RevealOutput {
  const value = vscode.workspace.getConfiguration("gluepy").get<string>("run.revealOutput");
  return value === "onFailure" || value === "never" ? value : "always";
}
