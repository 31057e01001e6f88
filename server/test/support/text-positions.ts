// Positions and edits in document text, in LSP terms (0-based lines, UTF-16 characters).

import type { Position, Range, TextEdit } from "vscode-languageserver-protocol";

/** Position of the `occurrence`-th (0-based) match of `needle`, plus `delta` characters into it. */
export function positionOf(text: string, needle: string, occurrence = 0, delta = 0): Position {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' occurs fewer than ${occurrence + 1} times`);
  }
  return positionAt(text, index + delta);
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

export function offsetAt(text: string, pos: Position): number {
  const lines = text.split("\n");
  let offset = 0;
  for (let i = 0; i < pos.line && i < lines.length; i++) offset += lines[i]!.length + 1;
  return offset + Math.min(pos.character, lines[pos.line]?.length ?? 0);
}

export function textAt(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** Applies LSP text edits (non-overlapping, any order) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}

/** 0-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string, occurrence = 0): number {
  return positionOf(text, needle, occurrence).line;
}

/** The text edits of a WorkspaceEdit by document uri, from `changes` or `documentChanges`. */
export function editsByUri(edit: {
  changes?: { [uri: string]: TextEdit[] };
  documentChanges?: unknown[];
}): Map<string, TextEdit[]> {
  const byUri = new Map<string, TextEdit[]>();
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) byUri.set(uri, [...edits]);
  for (const change of edit.documentChanges ?? []) {
    const c = change as { textDocument?: { uri: string }; edits?: TextEdit[] };
    if (!c.textDocument || !c.edits) continue;
    byUri.set(c.textDocument.uri, [...(byUri.get(c.textDocument.uri) ?? []), ...c.edits]);
  }
  return byUri;
}
