// "no DAG 'trainig'; did you mean 'training'?": the message for a label typed by hand that names nothing.

import { closestMatches } from "../../../shared/suggest";

export function unknownLabelMessage(kind: string, label: string, known: Iterable<string>): string {
  const all = [...known];
  const close = closestMatches(label, all);
  if (close.length > 0) return `no ${kind} '${label}'; did you mean ${close.map((c) => `'${c}'`).join(" or ")}?`;
  return all.length === 0 ? `no ${kind} '${label}'; the project defines none` : `no ${kind} '${label}'; known: ${all.sort().join(", ")}`;
}
