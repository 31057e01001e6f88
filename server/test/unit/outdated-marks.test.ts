// OutdatedMarks (issue 13): which DAGs an event may change the marks of, so the server re-sends only those,
// and a file's current hash as the runtime would record it (open buffers win; a BOM the editor dropped
// is not an edit). Real files in a temp folder.

import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { DagGraph } from "../../../shared/dag-model";
import type { DagFingerprints, SourceLocation } from "../../../shared/protocol";
import { OutdatedMarks } from "../../src/features/outdated-marks";

const sha = (content: string | Buffer) => createHash("sha256").update(content).digest("hex");

describe("OutdatedMarks", () => {
  let project: string;
  const open = new Map<string, string>();
  let marks: OutdatedMarks;
  const helper = () => join(project, "src", "helper.ts");
  const task = () => join(project, "src", "task.ts");
  const graph = (): DagGraph<SourceLocation> => ({
    dag: "d",
    className: "D",
    nodes: [{ label: "t", className: "T", eval: false, groups: [], loc: { uri: pathToFileURL(task()).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } } }],
    edges: [],
    groups: [],
    problems: [],
  });
  const fingerprints = (runId: string): DagFingerprints => ({
    dag: "d",
    runId,
    runFolder: `runs/2026/12/04/${runId}`,
    tasks: { t: { "src/helper.ts": sha("\uFEFFexport const k = 1;\n"), "src/task.ts": sha("export class T {}\n") } },
  });
  const outdated = () => marks.mark(project, graph()).nodes[0]!.outdated;

  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), "gluepy-outdated-marks-"));
    mkdirSync(join(project, "src"));
    writeFileSync(helper(), "\uFEFFexport const k = 1;\n");
    writeFileSync(task(), "export class T {}\n");
    open.clear();
    marks = new OutdatedMarks((file) => open.get(file));
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it("re-sends a DAG when its fingerprints arrive or change run, not when the same run is listed again", () => {
    assert.deepEqual([...marks.setFingerprints(project, [fingerprints("r1")])], ["d"]);
    assert.deepEqual([...marks.setFingerprints(project, [fingerprints("r1")])], []);
    assert.deepEqual([...marks.setFingerprints(project, [fingerprints("r2")])], ["d"]);
    assert.deepEqual([...marks.setFingerprints(project, [])], ["d"], "a DAG whose fingerprints went is unmarked");
  });

  it("an open buffer equal to the disk but for the BOM is unchanged; an unsaved edit is a change until undone", () => {
    marks.setFingerprints(project, [fingerprints("r1")]);
    open.set(helper(), "export const k = 1;\n");
    marks.fileChanged(helper());
    assert.equal(outdated(), undefined);
    open.set(helper(), "export const k = 2;\n");
    assert.deepEqual([...marks.fileChanged(helper())], ["d"]);
    assert.deepEqual(outdated(), [{ kind: "code", detail: "src/helper.ts" }]);
    open.set(helper(), "export const k = 22;\n");
    assert.deepEqual([...marks.fileChanged(helper())], [], "still changed: the marks stay as they were, nothing to re-send");
    open.set(helper(), "export const k = 1;\n");
    assert.deepEqual([...marks.fileChanged(helper())], ["d"]);
    assert.equal(outdated(), undefined);
  });

  it("a file gone from the disk is a change; an edit to a file no fingerprint names re-sends nothing", () => {
    marks.setFingerprints(project, [fingerprints("r1")]);
    assert.equal(outdated(), undefined);
    rmSync(helper());
    assert.deepEqual([...marks.fileChanged(helper())], ["d"]);
    assert.deepEqual(outdated(), [{ kind: "code", detail: "src/helper.ts" }]);
    assert.deepEqual([...marks.fileChanged(join(project, "src", "other.ts"))], []);
    assert.equal(marks.count(project, graph()), 1);
  });
});
