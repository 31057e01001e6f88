// Completion of Task and DAG classes inside a DAG's `static tasks = [` / `static evalTasks = [`, with the
// import added (additionalTextEdits) when the class is not yet in scope.

import { type CompletionItem, CompletionItemKind } from "vscode-languageserver";
import { classKey } from "../index/symbols";
import type { Workspace } from "../workspace";
import { planImport } from "./import-edit";
import type { Position } from "./symbol-at";
import { TextOffsets } from "../index/text-offsets";

export function completion(ws: Workspace, file: string, pos: Position): CompletionItem[] {
  const f = ws.index.files.get(file);
  const text = ws.textOf(file);
  if (!f || text === undefined) return [];
  const offsets = new TextOffsets(text);
  const offset = offsets.offsetAt(pos);
  const owner = f.facts.classes.find((c) =>
    [c.tasks, c.evalTasks].some((l) => l?.static && l.start < offset && (offset < l.end || text[l.end - 1] !== "]")),
  );
  if (!owner) return [];
  let wordStart = offset;
  while (wordStart > 0 && /[\w$]/.test(text[wordStart - 1])) wordStart--;
  const range = { start: offsets.positionAt(wordStart), end: pos };
  const self = classKey(file, owner.binding);
  const items: CompletionItem[] = [];
  for (const c of ws.index.allClasses()) {
    if (c.key === self) continue;
    const plan = planImport(ws, file, c.key) ?? (c.key.startsWith(file + "#") ? { name: c.info.className, module: "", edits: [] } : undefined);
    if (!plan) continue;
    items.push({
      label: plan.name,
      kind: CompletionItemKind.Class,
      detail: `${c.info.kind === "dag" ? "DAG" : "Task"} '${c.info.label}'${plan.edits.length > 0 ? ` (import from "${plan.module}")` : ""}`,
      textEdit: { range, newText: plan.name },
      filterText: plan.name,
      sortText: `${plan.edits.length > 0 ? 1 : 0}${plan.name}`,
      additionalTextEdits: plan.edits.length > 0 ? plan.edits : undefined,
    });
  }
  return items;
}
