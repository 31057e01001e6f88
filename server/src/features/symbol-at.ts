// What the cursor is on: a Task/DAG class (its name, its `static label`, a DAG entry or `extends` that
// names it) or a label written as a string in tasks.json / YAML. Shared by hover, definition,
// references and rename.

import type { LspRange } from "../../../shared/protocol";
import type { ClassFact, EntryListFact, RefExpr } from "../index/facts";
import type { Position } from "../index/text-offsets";
import { type ClassKey, classKey } from "../index/symbols";
import type { Workspace } from "../workspace";

export type SymbolAt =
  | { kind: "class"; key: ClassKey; range: LspRange; on: "name" | "label" | "reference" }
  | { kind: "label-string"; value: string; range: LspRange };

export type { Position } from "../index/text-offsets";

export function contains(r: LspRange, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

/** Every class reference written in a class's `extends` and entry lists. */
export function refsOf(c: ClassFact): RefExpr[] {
  const out: RefExpr[] = c.base ? [c.base] : [];
  for (const list of [c.tasks, c.evalTasks]) out.push(...entryRefs(list));
  return out;
}

function entryRefs(list: EntryListFact | undefined): RefExpr[] {
  const out: RefExpr[] = [];
  if (!list?.static) return out;
  for (const e of list.entries) {
    if (e.kind === "ref") out.push(e.ref);
    else if (e.kind === "stage") out.push(...e.members);
    else if (e.kind === "after") out.push(e.ref, ...e.deps);
  }
  return out;
}

export function symbolAt(ws: Workspace, file: string, pos: Position): SymbolAt | undefined {
  const strings = ws.labelStrings.get(file);
  if (strings) {
    const s = strings.find((x) => contains(x.range, pos));
    return s && { kind: "label-string", value: s.value, range: s.range };
  }
  const f = ws.index.files.get(file);
  if (!f) return undefined;
  for (const c of f.facts.classes) {
    if (!contains(c.range, pos)) continue;
    const key = classKey(file, c.binding);
    if (contains(c.nameRange, pos)) return ws.index.classInfo(key) ? { kind: "class", key, range: c.nameRange, on: "name" } : undefined;
    if (c.label?.static && contains(c.label.range, pos)) {
      return ws.index.classInfo(key) ? { kind: "class", key, range: c.label.range, on: "label" } : undefined;
    }
    for (const r of refsOf(c)) {
      if (!contains(r.range, pos)) continue;
      const target = ws.index.resolveClass(file, r);
      return target ? { kind: "class", key: target, range: r.range, on: "reference" } : undefined;
    }
  }
  return undefined;
}

/** The classes a symbol stands for (a label string may name a Task and a DAG of the file's project). */
export function classesOf(ws: Workspace, file: string, s: SymbolAt): ClassKey[] {
  if (s.kind === "class") return [s.key];
  const project = ws.index.projectOf(file);
  return [...ws.index.classesWithLabel(project, "dag", s.value), ...ws.index.classesWithLabel(project, "task", s.value)];
}
