// The problems shown in one file: its DAGs' graph problems, labels shared with other classes of its
// project, and static members that cannot be read. Locations are SourceLocations.

import { type DagProblem, PROBLEM_SEVERITY } from "../../../shared/dag-model";
import { duplicateLabelProblems } from "../../../shared/labels";
import type { SourceLocation } from "../../../shared/protocol";
import type { EntryListFact } from "../index/facts";
import type { IndexedClassInfo, WorkspaceIndex } from "../index/workspace-index";

export type FileProblem = DagProblem<SourceLocation>;

export function fileProblems(index: WorkspaceIndex, path: string): FileProblem[] {
  const file = index.files.get(path);
  if (!file) return [];
  const out: FileProblem[] = [];
  for (const { key, fact, info } of index.classesIn(path)) {
    if (fact.label && !fact.label.static) {
      out.push(notStatic(`'static label' of ${fact.name} is computed (${fact.label.text}); the server cannot read it, so ` +
        `'${info.label}' is assumed. Write the label as a string literal.`, { uri: file.uri, range: fact.label.range }));
    }
    // The group comes in a stable order (file, position): the same text always gives the same message.
    const group = fact.label?.static === false ? [] : index.classesWithLabel(index.projectOf(path), info.kind, info.label);
    if (group.length > 1) {
      const infos = group.map((k) => index.classInfo(k)).filter((x): x is IndexedClassInfo => !!x);
      out.push(...duplicateLabelProblems(infos).filter((p) => p.loc === info.loc));
    }
    if (info.kind !== "dag") continue;
    const lists = [fact.tasks, fact.evalTasks].filter((l): l is EntryListFact & { static: false } => l?.static === false);
    for (const l of lists) {
      out.push(notStatic(`DAG '${info.label}': this list is built at run time (${l.text}); the server cannot check it. ` +
        "Write the entries as an array literal of class names.", { uri: file.uri, range: l.range }));
    }
    for (const p of index.graph(key)?.problems ?? []) {
      if (p.code === "empty-dag" && lists.length > 0) continue;
      // Problems inside a sub-DAG defined elsewhere are shown in that sub-DAG's own file.
      if (p.loc && p.loc.uri !== file.uri) continue;
      out.push(p.loc ? p : { ...p, loc: info.loc });
    }
  }
  return dedupe(out);
}

function notStatic(message: string, loc: SourceLocation): FileProblem {
  return { code: "not-static", severity: PROBLEM_SEVERITY["not-static"], message, loc, related: [] };
}

function dedupe(problems: FileProblem[]): FileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.code}|${p.message}|${JSON.stringify(p.loc?.range)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
