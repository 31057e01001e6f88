// Name resolution across files: what a name used in one file refers to, following imports, re-exports,
// `export *` and namespaces back to a class declaration or to the runtime's `Task`/`DAG`.
// Every lookup adds the files it read to a `deps` set, which makes re-checks incremental.

import type { ModuleResolver, ModuleTarget } from "./module-resolver";
import type { ClassFact, FileFacts, ImportFact, ReexportFact, RefExpr } from "./facts";

/** `${file path}#${class name}`: a class declaration in the index. */
export type ClassKey = string;

export function classKey(file: string, name: string): ClassKey {
  return `${file}#${name}`;
}

export function splitClassKey(key: ClassKey): { file: string; name: string } {
  const i = key.lastIndexOf("#");
  return { file: key.slice(0, i), name: key.slice(i + 1) };
}

export type Target =
  | { kind: "class"; key: ClassKey }
  /** A `namespace` declared in a file: its classes are `${name}.${member}` there. */
  | { kind: "local-namespace"; file: string; name: string }
  | { kind: "builtin"; name: "Task" | "DAG" }
  | { kind: "namespace"; module: ModuleTarget };

/** One indexed file with lookup tables over its facts. */
export class IndexedFile {
  readonly classes = new Map<string, ClassFact>();
  readonly imports = new Map<string, ImportFact>();
  readonly exports = new Map<string, string>();
  readonly reexports = new Map<string, ReexportFact>();
  /** Names of namespaces that declare classes. */
  readonly namespaces = new Set<string>();

  constructor(
    readonly path: string,
    readonly uri: string,
    readonly facts: FileFacts,
  ) {
    for (const c of facts.classes) {
      if (!this.classes.has(c.binding)) this.classes.set(c.binding, c);
      const dot = c.binding.indexOf(".");
      if (dot > 0) this.namespaces.add(c.binding.slice(0, dot));
    }
    for (const i of facts.imports) this.imports.set(i.local, i);
    for (const e of facts.exports) this.exports.set(e.exported, e.local);
    for (const r of facts.reexports) this.reexports.set(r.exported, r);
  }
}

const GLUEPY_CLASSES = new Set(["Task", "DAG"]);

export class SymbolTable {
  constructor(
    private readonly files: ReadonlyMap<string, IndexedFile>,
    private readonly modules: ModuleResolver,
  ) {}

  resolveRef(file: string, ref: RefExpr, deps: Set<string>): Target | undefined {
    const head = this.resolveLocal(file, ref.head, deps, new Set());
    if (ref.member === undefined) return head;
    if (head?.kind === "local-namespace") {
      const binding = `${head.name}.${ref.member}`;
      return this.files.get(head.file)?.classes.has(binding) ? { kind: "class", key: classKey(head.file, binding) } : undefined;
    }
    return head?.kind === "namespace" ? this.resolveExport(head.module, ref.member, deps, new Set()) : undefined;
  }

  resolveLocal(file: string, name: string, deps: Set<string>, seen: Set<string>): Target | undefined {
    deps.add(file);
    const f = this.files.get(file);
    if (!f) return undefined;
    if (f.classes.has(name)) return { kind: "class", key: classKey(file, name) };
    if (f.namespaces.has(name)) return { kind: "local-namespace", file, name };
    const imp = f.imports.get(name);
    if (!imp) return undefined;
    const module = this.modules.resolve(file, imp.module);
    if (!module) return undefined;
    if (imp.imported === "*") return { kind: "namespace", module };
    return this.resolveExport(module, imp.imported, deps, seen);
  }

  resolveExport(module: ModuleTarget, name: string, deps: Set<string>, seen: Set<string>): Target | undefined {
    if (module.kind === "gluepy") return GLUEPY_CLASSES.has(name) ? { kind: "builtin", name: name as "Task" | "DAG" } : undefined;
    const file = module.path;
    const visit = `${file}\0${name}`;
    if (seen.has(visit)) return undefined; // circular re-exports
    seen.add(visit);
    deps.add(file);
    const f = this.files.get(file);
    if (!f) return undefined;
    const local = f.exports.get(name);
    if (local !== undefined) return this.resolveLocal(file, local, deps, seen);
    const re = f.reexports.get(name);
    if (re) {
      const m = this.modules.resolve(file, re.module);
      if (!m) return undefined;
      return re.imported === "*" ? { kind: "namespace", module: m } : this.resolveExport(m, re.imported, deps, seen);
    }
    if (name === "default") return undefined; // `export *` never forwards the default export
    for (const spec of f.facts.starExports) {
      const m = this.modules.resolve(file, spec);
      const hit = m && this.resolveExport(m, name, deps, seen);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The name under which `file` exports class `key`, if it does (directly, for an import quick fix). */
  exportedNameOf(key: ClassKey): string | undefined {
    const { file, name } = splitClassKey(key);
    const f = this.files.get(file);
    if (!f) return undefined;
    for (const [exported, local] of f.exports) if (local === name) return exported;
    return undefined;
  }
}
