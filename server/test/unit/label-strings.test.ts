// Labels written as strings: CLI arguments in .vscode/tasks.json and YAML values, never display names or keys.

import * as assert from "node:assert/strict";
import { extractLabelStrings } from "../../src/index/label-strings";

describe("extractLabelStrings", () => {
  it("leaves tasks.json tasks that do not run gluepy alone", () => {
    const text = `{ "tasks": [{ "label": "build", "command": "make", "args": ["data"] }] }`;
    assert.deepEqual(extractLabelStrings("/w/.vscode/tasks.json", text), []);
  });

  it("takes the words of tasks.json args and command, not a task's display label", () => {
    const text = `{\n  // comment\n  "tasks": [{ "label": "Rerun data", "command": "gluepy dag training", "args": ["--task", "data", "--from-task=prep"] }]\n}\n`;
    const found = extractLabelStrings("/w/.vscode/tasks.json", text);
    assert.deepEqual(found.map((s) => s.value), ["gluepy", "dag", "training", "task", "data", "from-task", "prep"]);
    assert.ok(!found.some((s) => s.value === "Rerun"));
    const data = found.find((s) => s.value === "data")!;
    const line = text.split("\n")[data.range.start.line];
    assert.equal(line.slice(data.range.start.character, data.range.end.character), "data");
    const prep = found.find((s) => s.value === "prep")!;
    assert.equal(text.split("\n")[prep.range.start.line].slice(prep.range.start.character, prep.range.end.character), "prep");
  });

  it("takes whole YAML values under keys naming a task or DAG (plain, quoted, in lists), not other values or keys", () => {
    const text = `# rerun from data\nfrom_task: data\ndag: 'training'\ntasks: [prep, "fit"]\nmodel: train\nnote: a long sentence\ntraining: 3\n`;
    const found = extractLabelStrings("/w/patches/dev.yaml", text);
    assert.deepEqual(found.map((s) => [s.value, s.range.start.line, s.range.start.character]), [
      ["data", 1, 11],
      ["training", 2, 6],
      ["prep", 3, 8],
      ["fit", 3, 15],
    ]);
  });

  it("gives nothing for a file that does not parse", () => {
    assert.deepEqual(extractLabelStrings("/w/x.yaml", "a: [unclosed"), []);
  });
});
