// Workspace symbols: DAGs and Tasks found by label (or class name), for "Go to Symbol in Workspace".

import { SymbolKind, type SymbolInformation } from "vscode-languageserver";
import type { Workspace } from "../workspace";

const MAX_RESULTS = 500;

export function workspaceSymbols(ws: Workspace, query: string): SymbolInformation[] {
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const c of ws.index.allClasses()) {
    if (!fuzzy(c.info.label, q) && !fuzzy(c.info.className, q)) continue;
    out.push({
      name: c.info.label,
      kind: c.info.kind === "dag" ? SymbolKind.Module : SymbolKind.Class,
      location: c.info.loc!,
      containerName: `${c.info.kind === "dag" ? "DAG" : "Task"} ${c.info.className}`,
    });
    if (out.length >= MAX_RESULTS) break;
  }
  return out;
}

/** The query's characters appear in order (as VS Code's own symbol search matches). */
function fuzzy(name: string, q: string): boolean {
  const n = name.toLowerCase();
  let i = 0;
  for (const ch of n) if (i < q.length && ch === q[i]) i++;
  return i === q.length;
}
