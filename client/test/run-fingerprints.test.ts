// The fingerprints the extension sends the language server with each run listing (issue 13): from a real
// `gluepy dag --cache` run of the built CLI, listed by `gluepy runs --json`, each task's recorded code as
// the run hashed it; and a listing overtaken by a newer one of the same project sends nothing.

import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { RunState } from "../../shared/run-state";
import type { RunListing } from "../../shared/run-summary";
import { listProjectRuns, type ProjectRuns } from "../src/run-folders";
import { RunFingerprints } from "../src/run-fingerprints";
import { cliInvocation, runToEnd } from "../src/run-process";

const REPO = path.resolve(__dirname, "..", "..");
const CLI = path.join(REPO, "dist", "runtime", "cli.js");

describe("run fingerprints for the outdated marks", function () {
  this.timeout(60_000);
  let project: string;
  before(() => {
    project = mkdtempSync(path.join(tmpdir(), "gluepy-fingerprints-"));
    mkdirSync(path.join(project, "src"), { recursive: true });
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "fp", private: true }));
    writeFileSync(path.join(project, "gluepy.config.ts"), "export default {};\n");
    writeFileSync(path.join(project, "src", "helper.ts"), "export const factor = 2;\n");
    writeFileSync(
      path.join(project, "src", "dags.ts"),
      `import { DAG, Task } from "gluepy";
import { factor } from "./helper";
export class Scale extends Task {
  static label = "scale";
  async run() {
    return factor;
  }
}
export class Plain extends DAG {
  static label = "plain";
  static tasks = [Scale];
}
`,
    );
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  it("reads each DAG's newest run with the cache on: every task's code as the run hashed it", async () => {
    const list = async () => {
      const runs = await listProjectRuns(CLI, project, process.execPath);
      assert.ok("listing" in runs, "error" in runs ? runs.error : "");
      return (runs as Extract<ProjectRuns, { listing: unknown }>).listing;
    };
    const plain = await runToEnd(cliInvocation(CLI, ["--project", project, "dag", "plain", "--json"], process.execPath), project);
    assert.equal(plain.code, 0, plain.stderr);
    assert.deepEqual(await new RunFingerprints().of(project, await list()), [], "a run without the cache recorded none");
    const cached = await runToEnd(cliInvocation(CLI, ["--project", project, "dag", "plain", "--cache", "--json"], process.execPath), project);
    assert.equal(cached.code, 0, cached.stderr);
    const listing = await list();
    assert.deepEqual(listing.runs.map((r) => r.fingerprinted ?? false), [true, false]);
    const sha = (file: string) => createHash("sha256").update(readFileSync(path.join(project, file))).digest("hex");
    assert.deepEqual(await new RunFingerprints().of(project, listing), [
      { dag: "plain", runId: listing.runs[0]!.runId, runFolder: listing.runs[0]!.runFolder, tasks: { scale: { "src/dags.ts": sha("src/dags.ts"), "src/helper.ts": sha("src/helper.ts") } } },
    ]);
  });

  it("gives nothing for a listing that a newer one of the same project overtook while its records were read", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const state = { runId: "r1", runFolder: "runs/2026/12/04/r1", dag: "d", status: "succeeded", startedAt: "", order: [], edges: [], metrics: {}, tasks: {} } satisfies RunState;
    const reader = new RunFingerprints(async () => (await held, state));
    const listing: RunListing = { storageRoot: "/p/data", backend: "local", runs: [{ runId: "r1", runFolder: "runs/2026/12/04/r1", dag: "d", status: "succeeded", tasks: {}, metrics: {}, params: {}, fingerprinted: true }] };
    const older = reader.of("/p", listing);
    const newer = reader.of("/p", listing);
    release();
    assert.equal(await older, undefined);
    assert.deepEqual(await newer, [{ dag: "d", runId: "r1", runFolder: "runs/2026/12/04/r1", tasks: {} }]);
  });
});
