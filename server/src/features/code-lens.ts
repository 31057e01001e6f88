// Code lenses from the index (the server decides what can be run; the client runs it):
// above a DAG "Run DAG" ("Run DAG (N outdated)" with tasks outdated against its last run with the run
// cache on), "Show Graph", "Retry Failed"; above a Task "Run Task", "Retry from here".

import type { CodeLens } from "vscode-languageserver";
import { Commands } from "../../../shared/protocol";
import type { Workspace } from "../workspace";
import type { OutdatedMarks } from "./outdated-marks";
import { dagsUsing } from "./task-usage";

export function codeLenses(ws: Workspace, file: string, outdated: OutdatedMarks): CodeLens[] {
  const classes = ws.index.classesIn(file);
  if (classes.length === 0) return [];
  const uri = ws.uriOf(file);
  const project = ws.index.projectOf(file);
  const lenses: CodeLens[] = [];
  for (const c of classes) {
    const range = c.fact.nameRange;
    const label = c.info.label;
    if (c.info.kind === "dag") {
      // The runtime runs only DAGs it registers (shared/task-classes.ts): a base DAG class gets no lens.
      if (!ws.index.isRegistered(c.key)) continue;
      const args = [label, uri, [], project];
      const graph = ws.index.graph(c.key);
      const stale = graph ? outdated.count(project, graph) : 0;
      lenses.push(
        { range, command: { title: stale > 0 ? `▶ Run DAG (${stale} outdated)` : "▶ Run DAG", command: Commands.runDag, arguments: args } },
        { range, command: { title: "Show Graph", command: Commands.showGraph, arguments: args } },
        { range, command: { title: "Retry Failed", command: Commands.retryFailed, arguments: args } },
      );
    } else {
      const dags = dagsUsing(ws, c.key).map((u) => u.dag);
      lenses.push(
        { range, command: { title: "▶ Run Task", command: Commands.runTask, arguments: [label, uri, dags, project] } },
        { range, command: { title: "Retry from here", command: Commands.retryFromTask, arguments: [label, uri, dags, project] } },
      );
    }
  }
  return lenses;
}
