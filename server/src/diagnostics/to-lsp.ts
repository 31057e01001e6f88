// Turns a DagProblem into an LSP Diagnostic (DESIGN §5: `source: "gluepy"`, the problem code as `code`).

import { type Diagnostic, DiagnosticSeverity, type DiagnosticRelatedInformation } from "vscode-languageserver";
import type { ProblemSeverity } from "../../../shared/dag-model";
import type { FileProblem } from "./file-problems";

const SEVERITY: Record<ProblemSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function toDiagnostic(p: FileProblem): Diagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = p.related
    .filter((r) => r.loc)
    .map((r) => ({ message: r.message, location: { uri: r.loc!.uri, range: r.loc!.range } }));
  const d: Diagnostic = { range: p.loc?.range ?? START, severity: SEVERITY[p.severity], code: p.code, source: "gluepy", message: p.message };
  if (relatedInformation.length > 0) d.relatedInformation = relatedInformation;
  return d;
}
