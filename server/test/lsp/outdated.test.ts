// Outdated tasks while you type (issue 13), over real LSP stdio: the client lists a project's runs with the
// code fingerprints of the DAG's last run with the run cache on (gluepy/runsListed), and gluepy/graph marks
// the tasks whose modules reach an edited file (unsaved edits count) and their downstream, the Run DAG lens
// counts them, and nothing of the workspace is executed. The fingerprints are the runtime's own: its module
// scan and CodeFingerprints, as `gluepy dag --cache` records them in state.json (no task is run for that).

import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CodeLensRequest, type CodeLens } from "vscode-languageserver-protocol";
import { DagGraphRequest, IndexChangedNotification, RunsListedNotification, type DagFingerprints, type ServedDagGraph } from "../../../shared/protocol";
import type { RunSummary } from "../../../shared/run-summary";
import { CodeFingerprints } from "../../../runtime/src/cache/code-fingerprint";
import { stopEsbuild } from "../../../runtime/src/loader/esbuild-service";
import { indexProjectModules } from "../../../runtime/src/loader/scan-modules";
import { LspSession } from "../support/lsp-session";

const MARKER = "EXECUTED";

/** audit, load → scale → report (audit runs first: nothing of it changes); scale's module imports helper.ts, load's imports marker.ts (a top-level side effect). */
function projectFiles(root: string): Record<string, string> {
  return {
    "package.json": JSON.stringify({ name: "outdated-fixture", private: true, dependencies: { gluepy: "*" } }),
    "src/marker.ts": `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(join(root, MARKER))}, "executed");\nexport const seen = 1;\n`,
    "src/helper.ts": "export const factor = 2;\n",
    "src/unrelated.ts": "export const nobodyImportsThis = 1;\n",
    "src/load.ts": `import { Task } from "gluepy";\nimport { seen } from "./marker";\nexport class Load extends Task {\n  static label = "load";\n  async run() {\n    return seen;\n  }\n}\n`,
    "src/scale.ts": `import { Task } from "gluepy";\nimport { factor } from "./helper";\nexport class Scale extends Task {\n  static label = "scale";\n  async run() {\n    return factor;\n  }\n}\n`,
    "src/report.ts": `import { Task } from "gluepy";\nexport class Report extends Task {\n  static label = "report";\n  async run() {}\n}\n`,
    "src/audit.ts": `import { Task } from "gluepy";\nexport class Audit extends Task {\n  static label = "audit";\n  async run() {}\n}\n`,
    "src/dags.ts": `import { DAG } from "gluepy";\nimport { Load } from "./load";\nimport { Scale } from "./scale";\nimport { Report } from "./report";\nimport { Audit } from "./audit";\nexport class Pipeline extends DAG {\n  static label = "pipeline";\n  static tasks = [Audit, Load, Scale.after(Load), Report.after(Scale)];\n}\n`,
  };
}

/** What the client sends for the last run: each task's code fingerprint, computed by the runtime's own code. */
async function recordedFingerprints(root: string): Promise<DagFingerprints> {
  const modules = ["load", "scale", "report", "audit", "dags", "helper", "marker", "unrelated"].map((m) => join(root, "src", `${m}.ts`));
  const index = await indexProjectModules(modules, join(root, ".gluepy", "cache"));
  stopEsbuild();
  // The runtime maps each loaded task class to its module; here a stand-in function per task does.
  const classes = new Map(["load", "scale", "report", "audit"].map((label) => [label, function stand() {}]));
  const moduleOf = new Map([...classes].map(([label, cls]) => [cls as Function, join(root, "src", `${label}.ts`)]));
  const code = new CodeFingerprints({ projectDir: root, index, moduleOf: (cls) => moduleOf.get(cls) });
  const tasks = Object.fromEntries([...classes].map(([label, cls]) => [label, code.of(cls)!.code]));
  return { dag: "pipeline", runId: "r1", runFolder: "runs/2026/12/04/r1", tasks };
}

const RUN: RunSummary = {
  runId: "r1",
  runFolder: "runs/2026/12/04/r1",
  dag: "pipeline",
  status: "succeeded",
  startedAt: "2026-12-04T10:00:00Z",
  tasks: { load: "succeeded", scale: "succeeded", report: "succeeded", audit: "succeeded" },
  metrics: {},
  params: {},
  fingerprinted: true,
};

describe("outdated tasks while you type (gluepy/graph, the Run DAG lens)", function () {
  this.timeout(30_000);
  let root!: string;
  let lsp!: LspSession;
  let fingerprints!: DagFingerprints;

  before(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), "gluepy-lsv-outdated-")));
    for (const [file, text] of Object.entries(projectFiles(root))) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    fingerprints = await recordedFingerprints(root);
    lsp = await LspSession.start(root, { open: ["src/dags.ts", "src/helper.ts", "src/unrelated.ts"] });
    await lsp.waitForDiagnostics("src/dags.ts");
  });
  after(async () => {
    await lsp?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const graph = () => lsp.request(DagGraphRequest, { label: "pipeline", project: root }) as Promise<ServedDagGraph>;
  const marks = async () => Object.fromEntries((await graph()).nodes.filter((n) => n.outdated).map((n) => [n.label, n.outdated]));
  const runLens = async () => {
    const lenses = await lsp.request<CodeLens[]>(CodeLensRequest.method, { textDocument: { uri: lsp.uri("src/dags.ts") } });
    return lenses.map((l) => l.command?.title ?? "").find((t) => t.startsWith("▶ Run DAG"));
  };
  /** Edits an open file and waits for the server to say the DAG's graph changed. */
  const editAndWait = async (rel: string, text: string) => {
    const after = lsp.mark;
    await lsp.change(rel, text);
    await lsp.waitForNotification(IndexChangedNotification, (p) => p.dags.includes("pipeline"), { after });
  };

  it("marks nothing before the client lists a run with fingerprints, and nothing while the files are as recorded", async () => {
    const unmarked = await graph();
    assert.equal(unmarked.comparedWith, undefined);
    assert.deepEqual(await marks(), {});
    const after = lsp.mark;
    await lsp.connection.sendNotification(RunsListedNotification, { project: root, runs: [RUN], fingerprints: [fingerprints] });
    await lsp.waitForNotification(IndexChangedNotification, (p) => p.dags.includes("pipeline"), { after });
    assert.deepEqual((await graph()).comparedWith, { runId: "r1", runFolder: "runs/2026/12/04/r1" });
    assert.deepEqual(await marks(), {});
    assert.equal(await runLens(), "▶ Run DAG");
  });

  it("an unsaved edit to a helper one task's module imports marks exactly that task and its downstream", async () => {
    await editAndWait("src/helper.ts", "export const factor = 3;\n");
    assert.deepEqual(await marks(), {
      scale: [{ kind: "code", detail: "src/helper.ts" }],
      report: [{ kind: "upstream", detail: "scale" }],
    });
    assert.equal(await runLens(), "▶ Run DAG (2 outdated)");
  });

  it("undoing the edit clears the marks", async () => {
    await editAndWait("src/helper.ts", "export const factor = 2;\n");
    assert.deepEqual(await marks(), {});
    assert.equal(await runLens(), "▶ Run DAG");
  });

  it("an edit to a file no task reaches marks nothing", async () => {
    // The server handles messages in order: the graph is asked for after it has the edit.
    await lsp.change("src/unrelated.ts", "export const nobodyImportsThis = 2;\n");
    assert.deepEqual(await marks(), {});
    assert.equal(await runLens(), "▶ Run DAG");
  });

  it("closing an edited buffer unsaved clears the marks: the file on disk is what a run runs", async () => {
    await editAndWait("src/helper.ts", "export const factor = 4;\n");
    assert.deepEqual(Object.keys(await marks()), ["scale", "report"]);
    const after = lsp.mark;
    await lsp.closeDocument("src/helper.ts");
    await lsp.waitForNotification(IndexChangedNotification, (p) => p.dags.includes("pipeline"), { after });
    assert.deepEqual(await marks(), {});
  });

  it("executed no workspace code: the marker module's side effect never ran", () => {
    assert.equal(existsSync(join(root, MARKER)), false);
  });
});
