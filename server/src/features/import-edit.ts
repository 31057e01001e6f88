// The edit that makes a class usable by name in a file: nothing if it already is, else a name added to
// an existing import of its module, else a new import line. Shared by the quick fix and completion.

import * as path from "node:path";
import type { TextEdit } from "vscode-languageserver";
import { type ClassKey, splitClassKey } from "../index/symbols";
import type { Workspace } from "../workspace";

export interface ImportPlan {
  /** The name the class is referred to by in the file. */
  name: string;
  /** Module specifier written in the import. */
  module: string;
  edits: TextEdit[];
}

/** How `file` can import class `key`; undefined when the class is not exported or its name is taken. */
export function planImport(ws: Workspace, file: string, key: ClassKey): ImportPlan | undefined {
  const target = splitClassKey(key).file;
  const exported = ws.index.symbols.exportedNameOf(key);
  if (!exported || target === file) return undefined;
  const name = exported === "default" ? splitClassKey(key).name : exported;
  const f = ws.index.files.get(file);
  if (!f) return undefined;
  const bound = ws.index.symbols.resolveLocal(file, name, new Set(), new Set());
  if (bound?.kind === "class" && bound.key === key) return { name, module: "", edits: [] };
  if (bound || f.classes.has(name) || f.imports.has(name)) return undefined; // the name means something else here
  const sameModule = f.facts.imports.filter((i) => {
    const m = ws.index.modules.resolve(file, i.module);
    return m?.kind === "file" && m.path === target;
  });
  const named = sameModule.filter((i) => i.imported !== "*" && i.imported !== "default");
  if (exported !== "default" && named.length > 0) {
    const last = named[named.length - 1];
    return { name, module: last.module, edits: [{ range: { start: last.range.end, end: last.range.end }, newText: `, ${name}` }] };
  }
  const module = sameModule[0]?.module ?? specifier(file, target, usesJsExtensions(f.facts.imports.map((i) => i.module)));
  const clause = exported === "default" ? name : `{ ${name} }`;
  const line = f.facts.importInsertLine;
  return { name, module, edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `import ${clause} from "${module}";\n` }] };
}

/** The relative specifier from one file to another, as the project writes them. */
export function specifier(from: string, to: string, jsExtension: boolean): string {
  let rel = path.relative(path.dirname(from), to).split(path.sep).join("/");
  rel = rel.replace(/\.(ts|tsx|mts)$/, "");
  if (rel.endsWith("/index") || rel === "index") rel = rel.slice(0, -"index".length).replace(/\/$/, "") || ".";
  else if (jsExtension) rel += to.endsWith(".mts") ? ".mjs" : ".js";
  return rel.startsWith(".") ? rel : `./${rel}`;
}

function usesJsExtensions(modules: string[]): boolean {
  return modules.some((m) => m.startsWith(".") && /\.(m?js|jsx)$/.test(m));
}
