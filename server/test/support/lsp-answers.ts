// Normalises the answers a server may shape in several legal ways (Location vs LocationLink,
// MarkedString vs MarkupContent, lenses with or without a resolve step) so tests assert content.

import {
  CodeLensRequest,
  CodeLensResolveRequest,
  type CodeLens,
  type Diagnostic,
  type Hover,
  type Location,
  type LocationLink,
} from "vscode-languageserver-protocol";
import type { LspSession } from "./lsp-session";

export function locations(answer: Location | Location[] | LocationLink[] | null): Location[] {
  if (!answer) return [];
  const list = Array.isArray(answer) ? answer : [answer];
  return list.map((l) => ("targetUri" in l ? { uri: l.targetUri, range: l.targetSelectionRange } : l));
}

/** A diagnostic's message as plain text (LSP 3.18 allows markup). */
export function messageText(d: Diagnostic): string {
  return typeof d.message === "string" ? d.message : d.message.value;
}

export function hoverText(hover: Hover | null): string {
  if (!hover) return "";
  const parts = Array.isArray(hover.contents) ? hover.contents : [hover.contents];
  return parts.map((p) => (typeof p === "string" ? p : p.value)).join("\n");
}

/** The code lenses of a document, each with its command (resolved when the server defers it). */
export async function resolvedLenses(lsp: LspSession, rel: string): Promise<CodeLens[]> {
  const lenses = (await lsp.request<CodeLens[] | null>(CodeLensRequest.method, { textDocument: { uri: lsp.uri(rel) } })) ?? [];
  return Promise.all(lenses.map((l) => (l.command ? l : lsp.request<CodeLens>(CodeLensResolveRequest.method, l))));
}
