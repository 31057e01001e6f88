// The project's Tasks and DAGs as the modules' static facts say, and which modules a command must execute:
// a DAG's module and what it imports (Node runs the rest of the closure itself). Which class is a Task or
// a DAG is shared/task-classes' rule, the one the language server applies. Pure: the caller gives the facts
// and says how a relative specifier resolves to a file.

import { isBuiltin } from "node:module";
import { classLabel, isRegistered, kindOf, lineageOf, type BaseClass, type Lineage } from "../../../shared/task-classes";
import type { ClassFacts, ModuleFacts } from "./module-facts";

/** A module as scanned: its facts, or the syntax error that kept it from being read. */
export type ScannedModule = { facts: ModuleFacts } | { error: string };

/** What a command needs to pick modules; plain data, cached as JSON between runs (scan-modules.ts). */
export interface ProjectIndex {
  /** Module file → the labels of the DAGs it registers (null: a label that is not a literal, known only once it runs). */
  dags: Record<string, (string | null)[]>;
  /** Modules that register a Task. */
  tasks: string[];
  /** Modules that could not be scanned (a syntax error): loading them reports it. */
  unreadable: string[];
  /** Module file → the project modules it imports statically (only modules that import some). */
  imports: Record<string, string[]>;
  /** Module file → the packages it imports statically, by name (not `gluepy`, not Node's own; only modules that import some): the run cache's fingerprint names their versions. */
  packages: Record<string, string[]>;
}

/** Resolves `spec` imported by `from` to a project module file, or undefined (a package, a missing file). */
export type ResolveModule = (from: string, spec: string) => string | undefined;

const GLUEPY = "gluepy";

export function indexProject(modules: Map<string, ScannedModule>, resolveModule: ResolveModule): ProjectIndex {
  const lineages = new Map<string, Lineage | undefined>();
  const inProgress = new Set<string>();
  const factsOf = (file: string) => {
    const m = modules.get(file);
    return m && "facts" in m ? m.facts : undefined;
  };

  const classLineage = (file: string, cls: ClassFacts): Lineage | undefined => {
    const key = `${file}#${cls.local}`;
    if (lineages.has(key)) return lineages.get(key);
    if (inProgress.has(key)) return undefined;
    inProgress.add(key);
    const lineage = lineageOf(cls, baseClass(file, cls));
    inProgress.delete(key);
    lineages.set(key, lineage);
    return lineage;
  };

  const baseClass = (file: string, cls: ClassFacts): BaseClass => {
    const facts = factsOf(file)!;
    const ref = cls.base;
    if (!ref) return undefined;
    if (ref.object !== undefined) {
      const ns = facts.bindings[ref.object];
      if (!ns || ns.imported !== "*") return undefined;
      return importedClass(file, ns.from, ref.name, new Set());
    }
    const local = facts.classes.find((c) => c.local === ref.name);
    if (local) return asBase(classLineage(file, local));
    const binding = facts.bindings[ref.name];
    return binding && binding.imported !== "*" ? importedClass(file, binding.from, binding.imported, new Set()) : undefined;
  };

  /** The class `name` that module `spec` (imported by `from`) exports. */
  const importedClass = (from: string, spec: string, name: string, seen: Set<string>): BaseClass => {
    if (spec === GLUEPY) return name === "Task" || name === "DAG" ? { kind: "gluepy", name } : undefined;
    const file = resolveModule(from, spec);
    return file === undefined ? undefined : exportedClass(file, name, seen);
  };

  const exportedClass = (file: string, name: string, seen: Set<string>): BaseClass => {
    const key = `${file}#${name}`;
    const facts = factsOf(file);
    if (!facts || seen.has(key)) return undefined;
    seen.add(key);
    const target = facts.exports[name];
    if (target && "local" in target) {
      const cls = facts.classes.find((c) => c.local === target.local);
      if (cls) return asBase(classLineage(file, cls));
      const binding = facts.bindings[target.local];
      return binding && binding.imported !== "*" ? importedClass(file, binding.from, binding.imported, seen) : undefined;
    }
    if (target) return target.imported === "*" ? undefined : importedClass(file, target.from, target.imported, seen);
    for (const spec of facts.exportAll) {
      const found = importedClass(file, spec, name, seen);
      if (found) return found;
    }
    return undefined;
  };

  const index: ProjectIndex = { dags: {}, tasks: [], unreadable: [], imports: {}, packages: {} };
  for (const [file, scanned] of modules) {
    if (!("facts" in scanned)) {
      index.unreadable.push(file);
      continue;
    }
    const resolved = scanned.facts.imports.map((spec) => resolveModule(file, spec)).filter((f): f is string => f !== undefined);
    if (resolved.length > 0) index.imports[file] = resolved;
    const packages = [...new Set(scanned.facts.imports.map(packageName).filter((p): p is string => p !== undefined))];
    if (packages.length > 0) index.packages[file] = packages;
    const labels: (string | null)[] = [];
    let registersTask = false;
    for (const cls of scanned.facts.classes) {
      const lineage = classLineage(file, cls);
      if (!lineage || !isRegistered(lineage, cls)) continue;
      if (kindOf(lineage) === "task") registersTask = true;
      else labels.push(cls.declaresLabel && cls.label === undefined ? null : classLabel(cls));
    }
    if (labels.length > 0) index.dags[file] = labels;
    if (registersTask) index.tasks.push(file);
  }
  return index;
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`); undefined for a path, `gluepy` or a Node module. */
function packageName(spec: string): string | undefined {
  if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("node:") || isBuiltin(spec)) return undefined;
  const parts = spec.split("/");
  const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
  return name === GLUEPY ? undefined : name;
}

function asBase(lineage: Lineage | undefined): BaseClass {
  return lineage ? { kind: "class", lineage } : undefined;
}

/** What a command needs loaded: one DAG (by label), or every registered Task and DAG. */
export type ModuleRequest = { dag: string } | { all: true };

/**
 * The modules to execute for `request`: those that register the DAG (or whose DAG labels are known only at
 * run time, or that could not be read); when no module names the label, every module that registers a DAG,
 * so the error can list the labels there are. For `all`: every module that registers a Task or a DAG.
 */
export function modulesFor(index: ProjectIndex, request: ModuleRequest): string[] {
  const dagFiles = (test: (label: string | null) => boolean) => Object.keys(index.dags).filter((file) => index.dags[file]!.some(test));
  if ("all" in request) return [...new Set([...Object.keys(index.dags), ...index.tasks, ...index.unreadable])].sort();
  const named = dagFiles((label) => label === request.dag);
  if (named.length === 0) return [...Object.keys(index.dags), ...index.unreadable].sort();
  return [...new Set([...named, ...dagFiles((label) => label === null)])].sort();
}

/** `entries` and every project module they import, transitively (the modules whose exports the registry reads). */
export function importClosure(index: ProjectIndex, entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const dep of index.imports[file] ?? []) visit(dep);
  };
  entries.forEach(visit);
  return [...seen].sort();
}
