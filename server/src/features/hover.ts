// Hover on a Task or DAG (its name, label, an entry naming it, a label string): label, class, the DAGs
// that use a task and its step in each, and the last run's status.

import { type Hover, MarkupKind } from "vscode-languageserver";
import type { Workspace } from "../workspace";
import { splitClassKey } from "../index/symbols";
import type { LastRuns } from "./last-run";
import { classesOf, type Position, symbolAt } from "./symbol-at";
import { dagsUsing } from "./task-usage";

/** `runs`: the runs the client listed, for the "Last run" line. */
export function hover(ws: Workspace, file: string, pos: Position, runs: LastRuns): Hover | null {
  const at = symbolAt(ws, file, pos);
  if (!at) return null;
  const keys = classesOf(ws, file, at);
  if (keys.length === 0) return null;
  const parts: string[] = [];
  for (const key of keys) {
    const info = ws.index.classInfo(key);
    if (!info) continue;
    const project = ws.projectOf(splitClassKey(key).file);
    const lines = [`**${info.kind === "dag" ? "DAG" : "Task"}** \`${info.label}\` — class \`${info.className}\``];
    if (info.kind === "dag") {
      const graph = ws.index.graph(key);
      lines.push(`${graph?.nodes.length ?? 0} tasks, ${graph?.edges.length ?? 0} edges`);
      const run = runs.of(project, { dag: info.label });
      lines.push(run ? `Last run: ${run.status} (${run.runId})` : "Last run: none");
    } else {
      const uses = dagsUsing(ws, key);
      lines.push(
        uses.length === 0
          ? "Used by no DAG"
          : "Used by: " +
              uses
                .map((u) => `\`${u.dag}\` (step ${u.step} of ${u.of}${u.after.length > 0 ? `, after ${u.after.map((a) => `\`${a}\``).join(", ")}` : ""})`)
                .join("; "),
      );
      const run = runs.of(project, { task: info.label });
      lines.push(run ? `Last run: ${run.taskStatus} in \`${run.dag}\` (${run.runId})` : "Last run: none");
    }
    parts.push(lines.join("\n\n"));
  }
  return { contents: { kind: MarkupKind.Markdown, value: parts.join("\n\n---\n\n") }, range: at.range };
}
