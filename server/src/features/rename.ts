// Rename of a label: the `static label` string and every use of the label in tasks.json and YAML, across
// the workspace. Class names are left to TypeScript's own rename.

import { type Range, ResponseError, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import { splitClassKey } from "../index/symbols";
import type { Workspace } from "../workspace";
import { labelStringsOf } from "./references";
import { classesOf, type Position, symbolAt } from "./symbol-at";

const LABEL = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

export function prepareRename(ws: Workspace, file: string, pos: Position): { range: Range; placeholder: string } | null {
  const at = symbolAt(ws, file, pos);
  if (!at) return null;
  if (at.kind === "class") {
    if (at.on !== "label") return null;
    const label = ws.index.classInfo(at.key)?.label;
    return label === undefined ? null : { range: insideQuotes(at.range), placeholder: label };
  }
  return classesOf(ws, file, at).length > 0 ? { range: at.range, placeholder: at.value } : null;
}

export function rename(ws: Workspace, file: string, pos: Position, newName: string): WorkspaceEdit | null {
  const at = symbolAt(ws, file, pos);
  if (!at || (at.kind === "class" && at.on !== "label")) return null;
  if (!LABEL.test(newName)) {
    throw new ResponseError(0, `'${newName}' cannot be a label: use letters, digits, '_', '.' or '-'.`);
  }
  const keys = classesOf(ws, file, at);
  const oldLabel = at.kind === "label-string" ? at.value : ws.index.classInfo(at.key)?.label;
  if (oldLabel === undefined || keys.length === 0) return null;
  if (newName === oldLabel) return { changes: {} };
  for (const key of keys) {
    const kind = ws.index.classInfo(key)?.kind;
    const project = ws.index.projectOf(splitClassKey(key).file);
    const taken = kind && ws.index.classesWithLabel(project, kind, newName).map((k) => ws.index.classInfo(k)?.className)[0];
    // Two classes of a kind cannot share a label, and the strings naming the old one would then name both.
    if (taken) throw new ResponseError(0, `'${newName}' is already the label of ${kind === "dag" ? "DAG" : "Task"} ${taken}; choose another label.`);
  }
  const changes: Record<string, TextEdit[]> = {};
  const add = (uri: string, e: TextEdit) => (changes[uri] ??= []).push(e);
  for (const key of keys) {
    const fact = ws.index.classFact(key);
    const info = ws.index.classInfo(key);
    if (!fact?.label?.static || !info?.loc) {
      throw new ResponseError(0, `${info?.className ?? "The class"} has no 'static label' (its label '${oldLabel}' comes from the class name); add one, then rename it.`);
    }
    add(info.loc.uri, { range: insideQuotes(fact.label.range), newText: newName });
  }
  const projects = new Set(keys.map((k) => ws.index.projectOf(splitClassKey(k).file)));
  for (const project of projects) for (const loc of labelStringsOf(ws, project, oldLabel)) add(loc.uri, { range: loc.range, newText: newName });
  return { changes };
}

function insideQuotes(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character + 1 }, end: { line: r.end.line, character: r.end.character - 1 } };
}
