// Labels written as strings outside TypeScript: CLI arguments in `.vscode/tasks.json` (`args` items and
// the words of `command`, of tasks that run gluepy) and, in YAML (patch and config files), values under a key naming a task or DAG
// (`from_task: data`).
// Each candidate is kept with its range, so a label's references and renames reach them; display
// strings (a task's "label", YAML keys, sentences) are left alone.

import ts from "typescript";
import { isPair, isScalar, parseDocument, visit } from "yaml";
import type { LspRange } from "../../../shared/protocol";
import { TextOffsets } from "./text-offsets";

export interface LabelString {
  value: string;
  range: LspRange;
}

/** Labels are identifier-like; anything else (paths, sentences) is never a label. */
const WORD = /[A-Za-z0-9_.][A-Za-z0-9_.-]*/g;
const WHOLE_WORD = /^[A-Za-z0-9_.-]+$/;
/** YAML keys whose values name tasks or DAGs. */
const LABEL_KEY = /task|dag|label/i;

export function extractLabelStrings(file: string, text: string): LabelString[] {
  try {
    return file.endsWith(".json") ? fromJson(file, text) : fromYaml(text);
  } catch {
    return []; // a malformed file holds no usable label
  }
}

/** tasks.json properties that hold a command line. */
const CLI_PROPERTIES = new Set(["args", "command"]);

function fromJson(file: string, text: string): LabelString[] {
  const sf = ts.parseJsonText(file, text);
  const lines = new TextOffsets(text);
  const out: LabelString[] = [];
  const walk = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node)) {
      // One task's command line: its `command` and `args` strings, taken only when it runs gluepy.
      const cli: ts.StringLiteral[] = [];
      for (const p of node.properties) {
        if (!ts.isPropertyAssignment(p) || !ts.isStringLiteral(p.name) || !CLI_PROPERTIES.has(p.name.text)) continue;
        const v = p.initializer;
        for (const item of ts.isArrayLiteralExpression(v) ? v.elements : [v]) if (ts.isStringLiteral(item)) cli.push(item);
      }
      if (cli.some((s) => /\bgluepy\b/.test(s.text))) for (const s of cli) words(s.text, s.getStart(sf) + 1, lines, out);
    }
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(sf, walk);
  return out;
}

function fromYaml(text: string): LabelString[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return [];
  const lines = new TextOffsets(text);
  const out: LabelString[] = [];
  visit(doc, {
    Scalar(key, node, path) {
      if (key === "key" || !isScalar(node) || typeof node.value !== "string" || !node.range || !WHOLE_WORD.test(node.value)) return;
      // Only values under a key that names a task or DAG (`from_task: data`, `tasks: [a, b]`): a config
      // value that happens to equal a label is not a use of it.
      const pair = [...path].reverse().find((p) => isPair(p));
      const owner = pair && isPair(pair) && isScalar(pair.key) ? String(pair.key.value) : "";
      if (!LABEL_KEY.test(owner)) return;
      const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
      words(node.value, node.range[0] + (quoted ? 1 : 0), lines, out);
    },
  });
  return out;
}

/** Each word of a string whose text appears verbatim in the file at `start` (`--task=data` gives "data"). */
function words(value: string, start: number, lines: TextOffsets, out: LabelString[]) {
  for (const m of value.matchAll(WORD)) {
    const from = start + m.index!;
    out.push({ value: m[0], range: { start: lines.positionAt(from), end: lines.positionAt(from + m[0].length) } });
  }
}
