// Document symbols: the DAG and Task classes of a file, with their labels and (for DAGs) entries.

import { type DocumentSymbol, SymbolKind } from "vscode-languageserver";
import type { Workspace } from "../workspace";

export function documentSymbols(ws: Workspace, file: string): DocumentSymbol[] {
  return ws.index.classesIn(file).map((c) => {
    const graph = c.info.kind === "dag" ? ws.index.graph(c.key) : undefined;
    return {
      name: c.fact.name,
      detail: `${c.info.kind === "dag" ? "DAG" : "Task"} '${c.info.label}'`,
      kind: SymbolKind.Class,
      range: c.fact.range,
      selectionRange: c.fact.nameRange,
      children: (graph?.nodes ?? [])
        .filter((n) => n.entryLoc?.uri === c.info.loc?.uri && n.groups.length === 0)
        .map((n) => ({ name: n.label, detail: n.className, kind: SymbolKind.Field, range: n.entryLoc!.range, selectionRange: n.entryLoc!.range })),
    };
  });
}
