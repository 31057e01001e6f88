// Go to definition and find references between classes, DAG entries and labels written as strings.

import type { Location } from "vscode-languageserver";
import { classKey, type ClassKey, splitClassKey } from "../index/symbols";
import type { Workspace } from "../workspace";
import { classesOf, type Position, refsOf, symbolAt } from "./symbol-at";

export function definition(ws: Workspace, file: string, pos: Position): Location[] {
  const at = symbolAt(ws, file, pos);
  if (!at) return [];
  return classesOf(ws, file, at)
    .map((k) => ws.index.classInfo(k)?.loc)
    .filter((l): l is Location => !!l);
}

export function references(ws: Workspace, file: string, pos: Position, includeDeclaration: boolean): Location[] {
  const at = symbolAt(ws, file, pos);
  if (!at) return [];
  const out: Location[] = [];
  for (const key of classesOf(ws, file, at)) out.push(...referencesOf(ws, key, includeDeclaration));
  return out;
}

/** Where a class is named: entries and `extends` of other classes, and its label in strings. */
function referencesOf(ws: Workspace, key: ClassKey, includeDeclaration: boolean): Location[] {
  const info = ws.index.classInfo(key);
  if (!info) return [];
  const out: Location[] = [];
  if (includeDeclaration && info.loc) out.push(info.loc);
  for (const f of ws.index.files.values()) {
    for (const c of f.facts.classes) {
      for (const r of refsOf(c)) {
        if (ws.index.resolveClass(f.path, r) === key && classKey(f.path, c.binding) !== key) out.push({ uri: f.uri, range: r.range });
      }
    }
  }
  out.push(...labelStringsOf(ws, ws.index.projectOf(splitClassKey(key).file), info.label));
  return out;
}

/** Where a label is written as a string (tasks.json, YAML) in the files of one project. */
export function labelStringsOf(ws: Workspace, project: string, label: string): Location[] {
  const out: Location[] = [];
  for (const [file, strings] of ws.labelStrings) {
    if (ws.index.projectOf(file) !== project) continue;
    for (const s of strings) if (s.value === label) out.push({ uri: ws.uriOf(file), range: s.range });
  }
  return out;
}
