// Quick fixes: add the missing import for an unknown task whose class exists elsewhere in the workspace;
// remove a duplicate entry from a DAG's list.

import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from "vscode-languageserver";
import type { EntryFact } from "../index/facts";
import type { Workspace } from "../workspace";
import { planImport } from "./import-edit";
import { contains } from "./symbol-at";
import { TextOffsets } from "../index/text-offsets";

export function codeActions(ws: Workspace, file: string, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  const uri = ws.uriOf(file);
  for (const d of diagnostics) {
    if (d.source !== "gluepy") continue;
    const edit = (title: string, edits: TextEdit[], preferred = false): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: preferred,
      edit: { changes: { [uri]: edits } },
    });
    if (d.code === "unknown-task") {
      const fixes = importFixes(ws, file, d);
      out.push(...fixes.map((f) => edit(f.title, f.edits, fixes.length === 1)));
    } else if (d.code === "duplicate-task") {
      const removal = removeEntry(ws, file, d);
      if (removal) out.push(edit("Remove the duplicate entry", [removal], true));
    }
  }
  return out;
}

function importFixes(ws: Workspace, file: string, d: Diagnostic): { title: string; edits: TextEdit[] }[] {
  const text = ws.textOf(file);
  if (text === undefined) return [];
  const offsets = new TextOffsets(text);
  const name = text.slice(offsets.offsetAt(d.range.start), offsets.offsetAt(d.range.end));
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return [];
  const fixes: { title: string; edits: TextEdit[] }[] = [];
  for (const c of ws.index.allClasses()) {
    if (c.info.className !== name) continue;
    const plan = planImport(ws, file, c.key);
    if (!plan || plan.edits.length === 0 || plan.name !== name) continue;
    fixes.push({ title: `Import '${name}' from "${plan.module}"`, edits: plan.edits });
  }
  return fixes;
}

function removeEntry(ws: Workspace, file: string, d: Diagnostic): TextEdit | undefined {
  const text = ws.textOf(file);
  const f = ws.index.files.get(file);
  if (text === undefined || !f) return undefined;
  for (const c of f.facts.classes) {
    for (const list of [c.tasks, c.evalTasks]) {
      if (!list?.static) continue;
      const entry = list.entries.find((e) => contains(entryRange(e), d.range.start));
      if (!entry) continue;
      const member = entry.kind === "stage" ? entry.members.find((m) => contains(m.range, d.range.start)) : undefined;
      const named = member ?? (entry.kind === "opaque" || entry.kind === "stage" ? undefined : entry.ref);
      // A task duplicated inside a sub-DAG is reported on the sub-DAG's entry: removing that entry would
      // drop the whole sub-DAG, so the fix is offered only where the entry itself is the duplicate.
      const key = named && ws.index.resolveClass(file, named);
      const label = key && ws.index.classInfo(key)?.label;
      const message = typeof d.message === "string" ? d.message : d.message.value;
      if (!label || !message.includes(`'${label}' appears more than once`)) return undefined;
      return removal(new TextOffsets(text), member?.range ?? entryRange(entry));
    }
  }
  return undefined;
}

function entryRange(e: EntryFact) {
  return e.kind === "ref" ? e.ref.range : e.range;
}

/** Deletes a list element with the comma that separates it from its neighbour. */
function removal(o: TextOffsets, range: { start: { line: number; character: number }; end: { line: number; character: number } }): TextEdit {
  let start = o.offsetAt(range.start);
  let end = o.offsetAt(range.end);
  const t = o.text;
  let after = end;
  while (after < t.length && /\s/.test(t[after])) after++;
  if (t[after] === ",") {
    end = after + 1;
    while (end < t.length && t[end] === " ") end++;
  } else {
    let before = start - 1;
    while (before >= 0 && /\s/.test(t[before])) before--;
    if (t[before] === ",") start = before;
  }
  return { range: { start: o.positionAt(start), end: o.positionAt(end) }, newText: "" };
}
