// Parses one file with the TypeScript compiler (parse only) and extracts its FileFacts.
// Only top-level statements and static class members are read: that is all a DAG can be made of.

import ts from "typescript";
import type { LspRange } from "../../../shared/protocol";
import { ANONYMOUS_DEFAULT_EXPORT_NAME } from "../../../shared/task-classes";
import type { ClassFact, EntryFact, EntryListFact, FileFacts, ImportFact, LabelFact, RefExpr } from "./facts";
import { skeletonOf } from "./skeleton";

function scriptKindFor(fileName: string): ts.ScriptKind {
  return fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

function parseSource(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKindFor(fileName));
}

/**
 * Facts of one file, parsed from its skeleton (bodies blanked, positions kept) when it has one;
 * `fullParse` parses the text as it is (the reference the skeleton must agree with).
 */
export function extractFacts(fileName: string, text: string, fullParse = false): FileFacts {
  // JSX text may hold unbalanced quotes and braces the skeleton cannot tell from code.
  const skeleton = fullParse || fileName.endsWith(".tsx") ? undefined : skeletonOf(text);
  return factsOf(parseSource(fileName, skeleton ?? text), text);
}

function factsOf(sf: ts.SourceFile, text: string): FileFacts {
  const r = new FactReader(sf, text);
  for (const st of sf.statements) r.statement(st);
  return r.facts;
}

const MAX_OPAQUE_TEXT = 60;

class FactReader {
  readonly facts: FileFacts = { classes: [], imports: [], exports: [], reexports: [], starExports: [], importInsertLine: 0 };

  constructor(
    private readonly sf: ts.SourceFile,
    /** The file's own text (the parsed one may have blanked bodies). */
    private readonly original: string,
  ) {}

  range(node: ts.Node): LspRange {
    return this.span(node.getStart(this.sf), node.getEnd());
  }

  span(start: number, end: number): LspRange {
    return { start: this.sf.getLineAndCharacterOfPosition(start), end: this.sf.getLineAndCharacterOfPosition(end) };
  }

  statement(st: ts.Statement) {
    if (ts.isImportDeclaration(st)) this.importDecl(st);
    else if (ts.isExportDeclaration(st)) this.exportDecl(st);
    else if (ts.isExportAssignment(st)) this.exportAssignment(st);
    else if (ts.isClassDeclaration(st)) this.classDecl(st);
    else if (ts.isModuleDeclaration(st)) this.namespaceDecl(st);
    else if (ts.isVariableStatement(st)) this.classExpressions(st);
  }

  /** `export default X`, and `export default (class extends Task {})`, a class known as "default". */
  exportAssignment(st: ts.ExportAssignment) {
    if (st.isExportEquals) return;
    const e = unwrap(st.expression);
    if (ts.isIdentifier(e)) this.facts.exports.push({ exported: "default", local: e.text });
    else if (ts.isClassExpression(e)) {
      const binding = ANONYMOUS_DEFAULT_EXPORT_NAME;
      this.classFact(e, e.name?.text ?? binding, binding, e.name ?? e, true);
      this.facts.exports.push({ exported: "default", local: binding });
    }
  }

  /** `namespace Jobs { export class T extends Task {} }`: T is known as `Jobs.T`. */
  namespaceDecl(st: ts.ModuleDeclaration) {
    if (!ts.isIdentifier(st.name) || !st.body || !ts.isModuleBlock(st.body)) return;
    if (hasModifier(st, ts.SyntaxKind.ExportKeyword)) this.facts.exports.push({ exported: st.name.text, local: st.name.text });
    for (const inner of st.body.statements) if (ts.isClassDeclaration(inner)) this.classDecl(inner, st.name.text);
  }

  /** `const T = class extends Task {}`: a class known by the constant's name. */
  classExpressions(st: ts.VariableStatement) {
    const exported = hasModifier(st, ts.SyntaxKind.ExportKeyword);
    for (const d of st.declarationList.declarations) {
      const init = d.initializer && unwrap(d.initializer);
      if (!ts.isIdentifier(d.name) || !init || !ts.isClassExpression(init)) continue;
      const binding = d.name.text;
      this.classFact(init, init.name?.text ?? binding, binding, d.name, exported);
      if (exported) this.facts.exports.push({ exported: binding, local: binding });
    }
  }

  importDecl(st: ts.ImportDeclaration) {
    this.facts.importInsertLine = this.sf.getLineAndCharacterOfPosition(st.getEnd()).line + 1;
    if (!ts.isStringLiteral(st.moduleSpecifier) || !st.importClause) return;
    const module = st.moduleSpecifier.text;
    const clause = st.importClause;
    const push = (local: ts.Identifier, imported: string) =>
      this.facts.imports.push({ local: local.text, module, imported, range: this.range(local) } satisfies ImportFact);
    if (clause.name) push(clause.name, "default");
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) push(nb.name, "*");
    else if (nb) for (const el of nb.elements) push(el.name, (el.propertyName ?? el.name).text);
  }

  exportDecl(st: ts.ExportDeclaration) {
    const module = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
    const clause = st.exportClause;
    if (!clause) {
      if (module !== undefined) this.facts.starExports.push(module);
      return;
    }
    if (ts.isNamespaceExport(clause)) {
      if (module !== undefined) this.facts.reexports.push({ exported: clause.name.text, imported: "*", module });
      return;
    }
    for (const el of clause.elements) {
      const exported = el.name.text;
      const inner = (el.propertyName ?? el.name).text;
      if (module !== undefined) this.facts.reexports.push({ exported, imported: inner, module });
      else this.facts.exports.push({ exported, local: inner });
    }
  }

  classDecl(st: ts.ClassDeclaration, namespace?: string) {
    if (!st.name) {
      this.anonymousDefaultClass(st);
      return;
    }
    const exported = hasModifier(st, ts.SyntaxKind.ExportKeyword);
    const binding = namespace === undefined ? st.name.text : `${namespace}.${st.name.text}`;
    this.classFact(st, st.name.text, binding, st.name, exported);
    if (exported && namespace === undefined) {
      this.facts.exports.push({ exported: hasModifier(st, ts.SyntaxKind.DefaultKeyword) ? "default" : binding, local: binding });
    }
  }

  /** `export default class extends Task {}`: JavaScript names it "default", and so does the index. */
  anonymousDefaultClass(st: ts.ClassDeclaration) {
    const keyword = ts.getModifiers(st)?.find((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (!keyword || !hasModifier(st, ts.SyntaxKind.ExportKeyword)) return;
    const binding = ANONYMOUS_DEFAULT_EXPORT_NAME;
    this.classFact(st, binding, binding, keyword, true);
    this.facts.exports.push({ exported: "default", local: binding });
  }

  classFact(st: ts.ClassLikeDeclaration, name: string, binding: string, nameNode: ts.Node, exported: boolean) {
    const cls: ClassFact = { name, binding, nameRange: this.range(nameNode), range: this.range(st), exported, declaresRun: false };
    const ext = st.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (ext) cls.base = this.refExpr(ext.expression);
    for (const m of st.members) this.member(m, cls);
    this.facts.classes.push(cls);
  }

  member(m: ts.ClassElement, cls: ClassFact) {
    if (!m.name || !ts.isIdentifier(m.name)) return;
    const name = m.name.text;
    if (name === "run" && isRunMethod(m)) cls.declaresRun = true;
    if (name !== "label" && name !== "tasks" && name !== "evalTasks") return;
    if (!(ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((k) => k.kind === ts.SyntaxKind.StaticKeyword))) return;
    const init = ts.isPropertyDeclaration(m) ? m.initializer && unwrap(m.initializer) : undefined;
    if (name === "label") cls.label = this.label(m, init);
    else cls[name] = this.entryList(m, init);
  }

  label(m: ts.ClassElement, init: ts.Expression | undefined): LabelFact | undefined {
    if (init && (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init))) {
      return { static: true, value: init.text, range: this.range(init) };
    }
    if (!init && ts.isPropertyDeclaration(m)) return undefined; // `static label: string;` declares, sets nothing
    return { static: false, range: this.range(m), text: this.text(init ?? m) };
  }

  entryList(m: ts.ClassElement, init: ts.Expression | undefined): EntryListFact {
    if (!init || !ts.isArrayLiteralExpression(init)) return { static: false, range: this.range(m), text: this.text(init ?? m) };
    return {
      static: true,
      entries: init.elements.map((e) => this.entry(e)),
      range: this.range(init),
      start: init.getStart(this.sf),
      end: init.getEnd(),
    };
  }

  entry(node: ts.Expression): EntryFact {
    const e = unwrap(node);
    const ref = this.refExpr(e);
    if (ref) return { kind: "ref", ref };
    if (ts.isArrayLiteralExpression(e)) {
      const members = e.elements.map((x) => this.refExpr(unwrap(x)));
      if (members.every((x): x is RefExpr => x !== undefined)) return { kind: "stage", members, range: this.range(e) };
    } else if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "after") {
      const target = this.refExpr(unwrap(e.expression.expression));
      const deps = e.arguments.map((a) => this.refExpr(unwrap(a)));
      if (target && deps.every((x): x is RefExpr => x !== undefined)) return { kind: "after", ref: target, deps, range: this.range(e) };
    }
    return { kind: "opaque", range: this.range(e), text: this.text(e) };
  }

  refExpr(e: ts.Expression): RefExpr | undefined {
    if (ts.isIdentifier(e)) return { head: e.text, range: this.range(e) };
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && ts.isIdentifier(e.name)) {
      return { head: e.expression.text, member: e.name.text, range: this.range(e) };
    }
    return undefined;
  }

  text(node: ts.Node): string {
    const t = this.original.slice(node.getStart(this.sf), node.getEnd()).replace(/\s+/g, " ");
    return t.length > MAX_OPAQUE_TEXT ? t.slice(0, MAX_OPAQUE_TEXT - 1) + "…" : t;
  }
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/** An instance method `run` with a body: on the prototype, where the runtime looks (abstract or a field is not). */
function isRunMethod(m: ts.ClassElement): boolean {
  return ts.isMethodDeclaration(m) && m.body !== undefined && !hasModifier(m, ts.SyntaxKind.StaticKeyword);
}

/** `(X)`, `X as const`, `X satisfies T`, `X!` all mean X. */
function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

/** A file with every shape the index reads, for `warmUpParser`. */
const WARM_UP_SOURCE = `import { DAG, Task } from "gluepy";
import * as ns from "./ns";
export { A as B } from "./a";
export * from "./b";
/** A task. */
export class WarmTask extends Task {
  static label = "warm";
  static retries = 1;
  async run(): Promise<void> {
    const rows: number[] = [1, 2, 3].map((x) => x * 2); // comment
    if (rows.length > 1 && \`\${rows[0]}\` !== "x") throw new Error(/re/.source);
  }
}
export const Other = class extends ns.Base<{ a: number }> {};
export default class extends DAG {
  static tasks = [WarmTask, [Other, ns.T], WarmTask.after(Other)];
}
`;

/**
 * Parses a small file once, so that the first real file does not pay for compiling the parser (tens of
 * milliseconds, more on a busy machine): done while the client waits for `initialize` anyway.
 */
export function warmUpParser() {
  extractFacts("/warm-up.ts", WARM_UP_SOURCE);
}
