// What one module says about itself without running it, read from esbuild's JS output of the module
// (types gone, so only value imports remain): its imports and exports, and each class declared at its top
// level with what shared/task-classes needs. Pure: text in, facts out. The loader decides from these which
// modules a command must execute (issue 15: a module no DAG imports is never executed).

import type { Node } from "acorn";
import type { ClassDeclaration } from "../../../shared/task-classes";
import { ANONYMOUS_DEFAULT_EXPORT_NAME } from "../../../shared/task-classes";

/** What an `extends` clause names: `Name` or `ns.Name`. */
export interface BaseReference {
  object?: string;
  name: string;
}

export interface ClassFacts extends ClassDeclaration {
  /** The binding the module knows the class by ("*default*" for an anonymous default export). */
  local: string;
  base?: BaseReference;
}

/** A local name bound by an import: which module it comes from and which of its exports ("*" for a namespace). */
export interface ImportBinding {
  from: string;
  imported: string;
}

/** An exported name: a local binding, or a name of another module (`export { x } from`, `export * as ns from`). */
export type ExportTarget = { local: string } | { from: string; imported: string };

export interface ModuleFacts {
  /** Every module it imports statically (import declarations and re-exports), in order: what executing it executes. */
  imports: string[];
  /** The imported bindings a class's `extends` or an export names (the others are never looked up). */
  bindings: Record<string, ImportBinding>;
  exports: Record<string, ExportTarget>;
  /** `export * from "…"` specifiers. */
  exportAll: string[];
  classes: ClassFacts[];
}

export const DEFAULT_LOCAL = "*default*";

type AnyNode = Node & Record<string, any>;

/** The facts of a module's JS text (ES module syntax; a CommonJS module has imports and classes only). */
export function readModuleFacts(code: string): ModuleFacts {
  const program = parser().parse(code, {
    ecmaVersion: "latest",
    sourceType: "module",
    allowAwaitOutsideFunction: true,
    allowHashBang: true,
    allowReturnOutsideFunction: true,
  }) as AnyNode;
  const facts: ModuleFacts = { imports: [], bindings: {}, exports: {}, exportAll: [], classes: [] };
  const exportedLocals = new Set<string>();
  const addImport = (spec: string) => {
    if (!facts.imports.includes(spec)) facts.imports.push(spec);
  };

  for (const stmt of program.body as AnyNode[]) {
    switch (stmt.type) {
      case "ImportDeclaration": {
        const from = stmt.source.value as string;
        addImport(from);
        for (const s of stmt.specifiers as AnyNode[]) {
          const imported = s.type === "ImportNamespaceSpecifier" ? "*" : s.type === "ImportDefaultSpecifier" ? "default" : nameOf(s.imported);
          facts.bindings[s.local.name] = { from, imported };
        }
        break;
      }
      case "ExportAllDeclaration": {
        const from = stmt.source.value as string;
        addImport(from);
        if (stmt.exported) facts.exports[nameOf(stmt.exported)] = { from, imported: "*" };
        else facts.exportAll.push(from);
        break;
      }
      case "ExportNamedDeclaration": {
        if (stmt.source) {
          const from = stmt.source.value as string;
          addImport(from);
          for (const s of stmt.specifiers as AnyNode[]) facts.exports[nameOf(s.exported)] = { from, imported: nameOf(s.local) };
        } else if (stmt.declaration) {
          for (const local of declaredNames(stmt.declaration)) {
            facts.exports[local] = { local };
            exportedLocals.add(local);
          }
          collectClasses(stmt.declaration, facts.classes);
        } else {
          for (const s of stmt.specifiers as AnyNode[]) {
            facts.exports[nameOf(s.exported)] = { local: nameOf(s.local) };
            exportedLocals.add(nameOf(s.local));
          }
        }
        break;
      }
      case "ExportDefaultDeclaration": {
        const decl = stmt.declaration as AnyNode;
        if (decl.type === "ClassDeclaration" || decl.type === "ClassExpression") {
          const local = decl.id?.name ?? DEFAULT_LOCAL;
          facts.classes.push(classFacts(decl, local, decl.id?.name ?? ANONYMOUS_DEFAULT_EXPORT_NAME));
          facts.exports.default = { local };
          exportedLocals.add(local);
        } else if (decl.type === "Identifier") {
          facts.exports.default = { local: decl.name };
          exportedLocals.add(decl.name);
        }
        break;
      }
      default:
        collectClasses(stmt, facts.classes);
    }
  }
  for (const cls of facts.classes) cls.exported = exportedLocals.has(cls.local);
  // Only bindings a class's base or an export can name are ever looked up: a DAG module that imports
  // 10,000 task classes keeps none of them (the facts are cached as JSON and read after every edit).
  const named = new Set([...facts.classes.map((c) => c.base?.object ?? c.base?.name), ...Object.values(facts.exports).map((t) => ("local" in t ? t.local : undefined))]);
  for (const local of Object.keys(facts.bindings)) if (!named.has(local)) delete facts.bindings[local];
  return facts;
}

/**
 * A list of declared names whose `indexOf` is a Set lookup. acorn checks every declaration against the
 * names of its scope with `indexOf`: quadratic in a module's top-level names (a DAG module importing 10,000
 * task classes took seconds to parse). acorn only compares the result with -1, so a found name is "at 0".
 */
class NameList extends Array<string> {
  private readonly names = new Set<string>();
  override push(...items: string[]): number {
    for (const item of items) this.names.add(item);
    return super.push(...items);
  }
  override indexOf(name: string): number {
    return this.names.has(name) ? 0 : -1;
  }
}

let fastParser: typeof import("acorn").Parser | undefined;

/** Loads the parser now (scan-modules.ts does it while esbuild strips the types of the changed modules). */
export function prepareFactsReader(): void {
  parser();
}

/** acorn with NameList scopes; required on first use, not imported: a warm start never parses. */
function parser(): typeof import("acorn").Parser {
  if (fastParser) return fastParser;
  const { Parser } = require("acorn") as typeof import("acorn");
  fastParser = Parser.extend(
    (Base) =>
      class extends (Base as unknown as new (...args: unknown[]) => { enterScope(flags: number): void; currentScope(): Record<string, unknown> }) {
        override enterScope(flags: number): void {
          super.enterScope(flags);
          const scope = this.currentScope();
          scope.var = new NameList();
          scope.lexical = new NameList();
          scope.functions = new NameList();
        }
      } as unknown as typeof Parser,
  );
  return fastParser;
}

function nameOf(node: AnyNode): string {
  return node.type === "Identifier" ? node.name : String(node.value);
}

function declaredNames(decl: AnyNode): string[] {
  if (decl.type === "VariableDeclaration") return (decl.declarations as AnyNode[]).filter((d) => d.id.type === "Identifier").map((d) => d.id.name);
  return decl.id ? [decl.id.name] : [];
}

/** Top-level `class X …` and `const X = class …` declarations of a statement. */
function collectClasses(stmt: AnyNode, out: ClassFacts[]): void {
  if (stmt.type === "ClassDeclaration" && stmt.id) out.push(classFacts(stmt, stmt.id.name, stmt.id.name));
  if (stmt.type === "VariableDeclaration") {
    for (const d of stmt.declarations as AnyNode[]) {
      if (d.id.type === "Identifier" && d.init?.type === "ClassExpression") out.push(classFacts(d.init, d.id.name, d.init.id?.name ?? d.id.name));
    }
  }
}

function classFacts(node: AnyNode, local: string, name: string): ClassFacts {
  const facts: ClassFacts = { local, name, declaresRun: false, declaresLabel: false, declaresTasks: false, exported: false };
  const base = baseReference(node.superClass);
  if (base) facts.base = base;
  for (const member of node.body.body as AnyNode[]) {
    const key = member.computed ? undefined : member.key?.type === "Identifier" ? member.key.name : member.key?.value;
    if (member.type === "MethodDefinition" && !member.static && key === "run" && member.kind === "method") facts.declaresRun = true;
    if (!member.static || (member.type !== "PropertyDefinition" && member.type !== "MethodDefinition")) continue;
    if (key === "label") {
      facts.declaresLabel = true;
      const value = member.type === "PropertyDefinition" ? member.value : undefined;
      if (value?.type === "Literal" && typeof value.value === "string") facts.label = value.value;
      if (value?.type === "TemplateLiteral" && value.expressions.length === 0) facts.label = value.quasis[0].value.cooked;
    }
    if (key === "tasks" || key === "evalTasks") facts.declaresTasks = true;
  }
  return facts;
}

function baseReference(node: AnyNode | null | undefined): BaseReference | undefined {
  if (!node) return undefined;
  if (node.type === "Identifier") return { name: node.name };
  if (node.type === "MemberExpression" && !node.computed && node.object.type === "Identifier" && node.property.type === "Identifier") {
    return { object: node.object.name, name: node.property.name };
  }
  return undefined;
}
