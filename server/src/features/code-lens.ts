// Code lenses from the index (the server decides what can be run; the client runs it):
// above a DAG "Run DAG", "Show Graph", "Retry Failed"; above a Task "Run Task", "Retry from here".

import type { CodeLens } from "vscode-languageserver";
import { Commands } from "../../../shared/protocol";
import type { Workspace } from "../workspace";
import { dagsUsing } from "./task-usage";

export function codeLenses(ws: Workspace, file: string): CodeLens[] {
  const classes = ws.index.classesIn(file);
  if (classes.length === 0) return [];
  const uri = ws.uriOf(file);
  const usage = classes.some((c) => c.info.kind === "task") ? dagsUsing(ws) : new Map();
  const lenses: CodeLens[] = [];
  for (const c of classes) {
    const range = c.fact.nameRange;
    const label = c.info.label;
    if (c.info.kind === "dag") {
      lenses.push(
        { range, command: { title: "▶ Run DAG", command: Commands.runDag, arguments: [label, uri] } },
        { range, command: { title: "Show Graph", command: Commands.showGraph, arguments: [label, uri] } },
        { range, command: { title: "Retry Failed", command: Commands.retryFailed, arguments: [label, uri] } },
      );
    } else {
      const dags: string[] = (usage.get(c.key) ?? []).map((u: { dag: string }) => u.dag);
      lenses.push(
        { range, command: { title: "▶ Run Task", command: Commands.runTask, arguments: [label, uri, dags] } },
        { range, command: { title: "Retry from here", command: Commands.retryFromTask, arguments: [label, uri, dags] } },
      );
    }
  }
  return lenses;
}
