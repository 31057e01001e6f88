// The workspace's DAG and Task classes: per-file facts, what each class is (following subclass chains),
// each DAG's graph (built by shared/resolve-dag.ts, the one validation), and labels across the workspace.
// Results are cached with the files they were computed from; `update` re-checks only what an edit touches.

import { isDeepStrictEqual } from "node:util";
import type { ClassInfo, DagEntry, DagGraph } from "../../../shared/dag-model";
import { buildDagGraph } from "../../../shared/resolve-dag";
import type { SourceLocation } from "../../../shared/protocol";
import { type BaseClass, type ClassDeclaration, classLabel, isRegistered, kindOf, type Lineage, lineageOf } from "../../../shared/task-classes";
import { DependentCache } from "./dependent-cache";
import type { ClassFact, EntryListFact, FileFacts, RefExpr } from "./facts";
import { ModuleResolver, type ModuleResolverHost } from "./module-resolver";
import { type ClassKey, classKey, IndexedFile, splitClassKey, SymbolTable } from "./symbols";

/** A class reference as the graph builder sees it: the expression and the file it is written in. */
export interface Ref {
  file: string;
  expr: RefExpr;
}

export type IndexedClassInfo = ClassInfo<Ref, SourceLocation>;
export type ServerDagGraph = DagGraph<SourceLocation>;

/** Deeper chains than this are taken for circular (a cycle is reported nowhere else for entries). */
const MAX_INHERITANCE_DEPTH = 32;

export interface IndexEntry {
  path: string;
  uri: string;
  facts: FileFacts;
}

export interface IndexChange {
  /** Files whose diagnostics may have changed. */
  files: Set<string>;
  /** Labels of DAGs whose graph may have changed (old and new labels). */
  dags: Set<string>;
}

export interface IndexedClass {
  key: ClassKey;
  fact: ClassFact;
  info: IndexedClassInfo;
}

/** What shared/task-classes.ts made of one class: its lineage, and what it is when it is a Task or DAG. */
interface ClassVerdict {
  lineage: Lineage;
  info?: IndexedClassInfo;
  /** Listed under its label in its project (lenses, DAG list, duplicate labels). */
  registered: boolean;
}

export interface WorkspaceIndexHost extends Omit<ModuleResolverHost, "hasFile"> {
  /** The project folder a file belongs to (shared/project-of-file.ts): the scope of its labels. */
  projectOf(file: string): string;
}

export class WorkspaceIndex {
  readonly files = new Map<string, IndexedFile>();
  readonly modules: ModuleResolver;
  readonly symbols: SymbolTable;
  private readonly verdicts = new DependentCache<ClassVerdict | null>();
  private readonly graphs = new DependentCache<ServerDagGraph>();
  private readonly computing = new Set<ClassKey>();
  /** Class key → its label group (`labelGroup`), and the reverse: the classes sharing a label in a project. */
  private readonly labelOf = new Map<ClassKey, string>();
  private readonly labelGroups = new Map<string, Set<ClassKey>>();
  /** Bumped on every change, so answers derived from the whole index can be cached until the next one. */
  generation = 0;
  /**
   * Class key → the generation that last re-checked it (what it is, its registration or its graph may have
   * changed there), and the generation that last re-checked every class: what lets an answer derived from
   * the whole index be brought up to date with only the classes an edit touched (`classesCheckedSince`).
   */
  private readonly checkedAt = new Map<ClassKey, number>();
  private allCheckedAt = 0;

  constructor(private readonly host: WorkspaceIndexHost) {
    this.modules = new ModuleResolver({
      hasFile: (f) => this.files.has(f),
      pathMappingFor: (dir) => host.pathMappingFor(dir),
      workspacePackage: (name) => host.workspacePackage(name),
    });
    this.symbols = new SymbolTable(this.files, this.modules);
  }

  /** Replaces the whole index (the cold scan). */
  load(entries: IndexEntry[]): IndexChange {
    const before = this.beginLoad();
    this.addLoaded(entries);
    return this.finishLoad(before);
  }

  /**
   * Starts a cold load that arrives in parts (`addLoaded`, then `finishLoad`): empties the index and
   * returns what it held (files and DAG labels), which `finishLoad` reports as changed: a file or DAG
   * that is gone must have its diagnostics and graph cleared.
   */
  beginLoad(): IndexChange {
    const files = [...this.files.keys()];
    this.files.clear();
    const before = this.rebuildAll();
    for (const f of files) before.files.add(f);
    return before;
  }

  /**
   * Adds files during a cold load, at a cost in proportion to them: only what a new file can change is
   * re-checked (the files whose imports looked for it, and what was computed from those), and the new
   * classes are filed under their labels. Answers given in between come from the files loaded so far.
   */
  addLoaded(entries: IndexEntry[]) {
    this.generation++;
    const paths = entries.map((e) => e.path);
    for (const e of entries) {
      // An open buffer edited during the load replaces what was loaded for it.
      for (const name of this.files.get(e.path)?.classes.keys() ?? []) {
        this.checked(classKey(e.path, name));
        this.unfileLabel(classKey(e.path, name));
      }
      this.files.set(e.path, new IndexedFile(e.path, e.uri, e.facts));
    }
    const stale = [...this.modules.filesAppeared(paths), ...paths];
    const keys = this.verdicts.invalidate(stale);
    for (const k of this.graphs.invalidate(stale)) this.checked(k);
    for (const p of paths) for (const name of this.files.get(p)!.classes.keys()) keys.add(classKey(p, name));
    for (const k of keys) {
      this.checked(k);
      this.setLabel(k);
    }
  }

  /** Ends a cold load: everything it added is reported as changed (the index is exact after every `addLoaded`). */
  finishLoad(before: IndexChange): IndexChange {
    // In one go between two slices: read from the label groups, not class by class over 10,000 files.
    const change: IndexChange = { files: new Set([...before.files, ...this.files.keys()]), dags: new Set(before.dags) };
    for (const group of this.labelGroups.keys()) if (group.startsWith("dag\0")) change.dags.add(labelOfGroup(group));
    return change;
  }

  /** Sets (or with `facts` undefined, removes) one file and re-checks what depends on it. */
  update(path: string, uri: string, facts: FileFacts | undefined): IndexChange {
    const old = this.files.get(path);
    const nothing: IndexChange = { files: new Set(), dags: new Set() };
    if (!old && !facts) return nothing;
    // Most keystrokes land in a method body: the facts, and so every answer and problem, stay the same.
    if (old && facts && old.uri === uri && isDeepStrictEqual(old.facts, facts)) return nothing;
    const oldKeys = old ? [...old.classes.keys()].map((n) => classKey(path, n)) : [];
    if (facts) this.files.set(path, new IndexedFile(path, uri, facts));
    else this.files.delete(path);
    // A file that appears changes only the imports that looked for it (the resolver knows them).
    if (!old) return this.recheck([path, ...this.modules.filesAppeared([path])], []);
    // One that disappears can change where any import resolves.
    if (!facts) {
      const change = this.rebuildAll();
      change.files.add(path); // a removed file's old diagnostics must be cleared
      return change;
    }
    return this.recheck([path], oldKeys);
  }

  /** A tsconfig or package.json changed: imports may resolve differently anywhere. */
  rebuildAll(): IndexChange {
    this.generation++;
    this.allCheckedAt = this.generation;
    this.checkedAt.clear();
    this.modules.clear();
    this.verdicts.clear();
    this.graphs.clear();
    const dags = new Set<string>();
    for (const g of this.labelGroups.keys()) if (g.startsWith("dag\0")) dags.add(labelOfGroup(g));
    this.labelOf.clear();
    this.labelGroups.clear();
    const files = new Set<string>();
    for (const f of this.files.values()) {
      for (const name of f.classes.keys()) {
        const info = this.setLabel(classKey(f.path, name));
        if (info) files.add(f.path);
        if (info?.kind === "dag") dags.add(info.label);
      }
    }
    return { files, dags };
  }

  private recheck(changed: string[], extraKeys: ClassKey[]): IndexChange {
    this.generation++;
    const change: IndexChange = { files: new Set(changed), dags: new Set() };
    const keys = new Set([...this.verdicts.invalidate(changed), ...extraKeys]);
    for (const p of changed) for (const name of this.files.get(p)?.classes.keys() ?? []) keys.add(classKey(p, name));
    for (const k of this.graphs.invalidate(changed)) {
      change.files.add(splitClassKey(k).file);
      keys.add(k);
    }
    for (const k of keys) {
      this.checked(k);
      const before = this.labelOf.get(k);
      const info = this.setLabel(k);
      const after = this.labelOf.get(k);
      for (const g of [before, after]) {
        if (g === undefined) continue;
        if (g.startsWith("dag\0")) change.dags.add(labelOfGroup(g));
        for (const m of this.labelGroups.get(g) ?? []) change.files.add(splitClassKey(m).file);
      }
      if (info) change.files.add(splitClassKey(k).file);
    }
    return change;
  }

  private checked(key: ClassKey) {
    this.checkedAt.set(key, this.generation);
  }

  /**
   * The classes re-checked after generation `since`, or undefined when every class was (a rebuild): the
   * rest are as they were then, their graphs too. Each class is listed once, however often it was re-checked.
   */
  classesCheckedSince(since: number): ClassKey[] | undefined {
    if (since < this.allCheckedAt) return undefined;
    const out: ClassKey[] = [];
    for (const [key, at] of this.checkedAt) if (at > since) out.push(key);
    return out;
  }

  /** Recomputes a class's info and files it under its label; returns the info. */
  private setLabel(key: ClassKey): IndexedClassInfo | undefined {
    this.unfileLabel(key);
    const verdict = this.verdict(key);
    const info = verdict?.info;
    const fact = this.classFact(key);
    // A label computed at run time is unknown here; it takes part in no duplicate check. Only registered
    // classes are listed under their label (the runtime's registry sees no others).
    if (!info || !verdict.registered || fact?.label?.static === false) return info;
    const group = labelGroup(this.projectOf(splitClassKey(key).file), info.kind, info.label);
    this.labelOf.set(key, group);
    let members = this.labelGroups.get(group);
    if (!members) this.labelGroups.set(group, (members = new Set()));
    members.add(key);
    return info;
  }

  private unfileLabel(key: ClassKey) {
    const before = this.labelOf.get(key);
    if (before === undefined) return;
    this.labelGroups.get(before)?.delete(key);
    if (this.labelGroups.get(before)?.size === 0) this.labelGroups.delete(before);
    this.labelOf.delete(key);
  }

  classFact(key: ClassKey): ClassFact | undefined {
    const { file, name } = splitClassKey(key);
    return this.files.get(file)?.classes.get(name);
  }

  /** The project folder a file belongs to: the scope of its labels. */
  projectOf(file: string): string {
    return this.host.projectOf(file);
  }

  /** The projects that have registered classes, sorted by folder. */
  projects(): string[] {
    const out = new Set<string>();
    for (const g of this.labelGroups.keys()) out.add(g.slice(g.lastIndexOf("\0") + 1));
    return [...out].sort();
  }

  /** Every registered DAG (or Task) class of a project carrying `label`, in a stable order: by file, then position. */
  classesWithLabel(project: string, kind: "task" | "dag", label: string): ClassKey[] {
    const keys = [...(this.labelGroups.get(labelGroup(project, kind, label)) ?? [])];
    if (keys.length < 2) return keys;
    const at = (k: ClassKey) => this.classFact(k)?.nameRange.start ?? { line: 0, character: 0 };
    return keys.sort((a, b) => {
      const fa = splitClassKey(a).file;
      const fb = splitClassKey(b).file;
      return fa < fb ? -1 : fa > fb ? 1 : at(a).line - at(b).line || at(a).character - at(b).character;
    });
  }

  /** Every Task or DAG class of the workspace. */
  *allClasses(): Generator<IndexedClass> {
    for (const f of this.files.values()) yield* this.classesIn(f.path);
  }

  /** The Task and DAG classes declared in one file, in source order. */
  classesIn(path: string): IndexedClass[] {
    const f = this.files.get(path);
    if (!f) return [];
    const out: IndexedClass[] = [];
    for (const fact of f.facts.classes) {
      const key = classKey(path, fact.binding);
      const info = this.classInfo(key);
      if (info && f.classes.get(fact.binding) === fact) out.push({ key, fact, info });
    }
    return out;
  }

  /** What a class is (Task, DAG, or neither); adds the files that decided it to `deps`. */
  classInfo(key: ClassKey, deps?: Set<string>): IndexedClassInfo | undefined {
    return this.verdict(key, deps)?.info;
  }

  /** Whether the class is listed under its label in its project (lenses, DAG list, duplicate labels). */
  isRegistered(key: ClassKey): boolean {
    return this.verdict(key)?.registered ?? false;
  }

  private verdict(key: ClassKey, deps?: Set<string>): ClassVerdict | undefined {
    if (this.verdicts.has(key)) return this.verdicts.get(key, deps) ?? undefined;
    if (this.computing.has(key)) return undefined; // an inheritance cycle: neither
    this.computing.add(key);
    const own = new Set<string>();
    let verdict: ClassVerdict | undefined;
    try {
      verdict = this.computeVerdict(key, own);
    } finally {
      this.computing.delete(key);
    }
    this.verdicts.set(key, verdict ?? null, own);
    if (deps) for (const d of own) deps.add(d);
    return verdict;
  }

  /** Applies shared/task-classes.ts to the class's facts and its base's lineage. */
  private computeVerdict(key: ClassKey, deps: Set<string>): ClassVerdict | undefined {
    const { file, name: binding } = splitClassKey(key);
    deps.add(file);
    const f = this.files.get(file);
    const cls = f?.classes.get(binding);
    if (!f || !cls?.base) return undefined;
    const base = this.symbols.resolveRef(file, cls.base, deps);
    let baseClass: BaseClass;
    if (base?.kind === "builtin") baseClass = { kind: "gluepy", name: base.name };
    else if (base?.kind === "class") {
      const lineage = this.verdict(base.key, deps)?.lineage;
      baseClass = lineage && { kind: "class", lineage };
    }
    const decl = declarationOf(f, cls);
    const lineage = lineageOf(decl, baseClass);
    if (!lineage) return undefined;
    const kind = kindOf(lineage);
    const registered = isRegistered(lineage, decl);
    if (!kind) return { lineage, registered };
    const label = classLabel(decl);
    const loc = { uri: f.uri, range: cls.nameRange };
    if (kind === "task") return { lineage, registered, info: { kind, label, className: cls.name, loc } };
    // Static members are inherited (the runtime reads `Dag.tasks`), the label is not (it reads an own `label`).
    const parent = base?.kind === "class" ? base.key : undefined;
    const info: IndexedClassInfo = {
      kind,
      label,
      className: cls.name,
      loc,
      tasks: cls.tasks ? toEntries(f, cls.tasks) : this.inheritedEntries(parent, "tasks", deps),
      evalTasks: cls.evalTasks ? toEntries(f, cls.evalTasks) : this.inheritedEntries(parent, "evalTasks", deps),
    };
    return { lineage, registered, info };
  }

  private inheritedEntries(key: ClassKey | undefined, which: "tasks" | "evalTasks", deps: Set<string>, depth = 0): DagEntry<Ref, SourceLocation>[] {
    if (!key || depth > MAX_INHERITANCE_DEPTH) return [];
    const { file } = splitClassKey(key);
    deps.add(file);
    const fact = this.classFact(key);
    const f = this.files.get(file);
    if (!fact || !f) return [];
    if (fact[which]) return toEntries(f, fact[which]);
    const base = fact.base && this.symbols.resolveRef(file, fact.base, deps);
    return base?.kind === "class" ? this.inheritedEntries(base.key, which, deps, depth + 1) : [];
  }

  /** A DAG's resolved graph, or undefined when `key` is not a DAG class. */
  graph(key: ClassKey): ServerDagGraph | undefined {
    const cached = this.graphs.get(key);
    if (cached) return cached;
    const deps = new Set<string>();
    const info = this.classInfo(key, deps);
    if (info?.kind !== "dag") return undefined;
    const g = buildDagGraph<Ref, SourceLocation>(info, (r) => {
      const t = this.symbols.resolveRef(r.file, r.expr, deps);
      return t?.kind === "class" ? this.classInfo(t.key, deps) : undefined;
    });
    this.graphs.set(key, g, deps);
    return g;
  }

  /** The class a reference written in `file` names, if it is a Task or DAG. */
  resolveClass(file: string, expr: RefExpr): ClassKey | undefined {
    const t = this.symbols.resolveRef(file, expr, new Set());
    return t?.kind === "class" && this.classInfo(t.key) ? t.key : undefined;
  }

  /** Registered DAG class keys (the runnable ones), each with its graph. */
  *allDagGraphs(): Generator<{ key: ClassKey; graph: ServerDagGraph }> {
    for (const c of this.allClasses()) {
      if (c.info.kind !== "dag" || !this.isRegistered(c.key)) continue;
      const graph = this.graph(c.key);
      if (graph) yield { key: c.key, graph };
    }
  }
}

/** A class fact as shared/task-classes.ts reads it. */
function declarationOf(f: IndexedFile, cls: ClassFact): ClassDeclaration {
  return {
    name: cls.name,
    declaresRun: cls.declaresRun,
    label: cls.label?.static ? cls.label.value : undefined,
    declaresLabel: cls.label !== undefined,
    declaresTasks: cls.tasks !== undefined || cls.evalTasks !== undefined,
    exported: isExported(f, cls),
  };
}

/** `export class`, `export default`, `export { X }`, or a class of an exported namespace. */
function isExported(f: IndexedFile, cls: ClassFact): boolean {
  const dot = cls.binding.indexOf(".");
  if (dot > 0) return cls.exported && f.exports.has(cls.binding.slice(0, dot));
  if (cls.exported) return true;
  for (const local of f.exports.values()) if (local === cls.binding) return true;
  return false;
}

/** Labels are unique per kind within a project: `${kind}\0${label}\0${project}`. */
function labelGroup(project: string, kind: "task" | "dag", label: string): string {
  return `${kind}\0${label}\0${project}`;
}

function labelOfGroup(group: string): string {
  const start = group.indexOf("\0") + 1;
  return group.slice(start, group.indexOf("\0", start));
}

function toEntries(f: IndexedFile, list: EntryListFact | undefined): DagEntry<Ref, SourceLocation>[] {
  if (!list?.static) return [];
  const use = (expr: RefExpr) => ({
    ref: { file: f.path, expr },
    name: expr.member === undefined ? expr.head : `${expr.head}.${expr.member}`,
    loc: { uri: f.uri, range: expr.range },
  });
  return list.entries.map((e): DagEntry<Ref, SourceLocation> => {
    switch (e.kind) {
      case "ref":
        return { kind: "ref", ref: use(e.ref) };
      case "stage":
        return { kind: "stage", members: e.members.map(use), loc: { uri: f.uri, range: e.range } };
      case "after":
        return { kind: "after", ref: use(e.ref), deps: e.deps.map(use) };
      case "opaque":
        return { kind: "opaque", loc: { uri: f.uri, range: e.range }, text: e.text };
    }
  });
}
