// Past runs as the extension gets them: `gluepy runs --json` from the real built CLI on a project whose
// gluepy.config.ts moves the storage root, the listing checked and kept until forgotten, and one run's
// whole state read from its local record.

import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { cliInvocation, runToEnd } from "../src/run-process";
import { listProjectRuns, parseRunListing, readRunState, recordDirOf, RunListings, type ProjectRuns } from "../src/run-folders";

const REPO = path.resolve(__dirname, "..", "..");
const CLI = path.join(REPO, "dist", "runtime", "cli.js");

describe("run listings from gluepy runs --json", function () {
  this.timeout(60_000);
  let project: string;
  before(() => {
    project = path.join(mkdtempSync(path.join(tmpdir(), "gluepy-runs-")), "tiny");
    mkdirSync(path.join(project, "src"), { recursive: true });
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "tiny", private: true }));
    writeFileSync(path.join(project, "gluepy.config.ts"), 'export default { storageRoot: "../store-outside" };\n');
    writeFileSync(
      path.join(project, "src", "dags.ts"),
      `import { DAG, Task, mlops } from "gluepy";
export class TrainingTask extends Task {
  static label = "training";
  async run() {
    await mlops.logMetric("rmse", 1.5);
  }
}
export class TrainingDAG extends DAG {
  static label = "training";
  static tasks = [TrainingTask];
}
`,
    );
  });
  after(() => rmSync(path.dirname(project), { recursive: true, force: true }));

  it("lists the runs under the storageRoot gluepy.config.ts sets, and reads a run's whole state from its record", async () => {
    const ran = await runToEnd(cliInvocation(CLI, ["--project", project, "dag", "training", "--json"], process.execPath), project);
    assert.equal(ran.code, 0, ran.stderr);
    const runs = await listProjectRuns(CLI, project, process.execPath);
    assert.ok("listing" in runs, "error" in runs ? runs.error : "");
    const { listing } = runs as Extract<ProjectRuns, { listing: unknown }>;
    assert.equal(listing.storageRoot, path.resolve(project, "..", "store-outside"));
    assert.deepEqual(listing.runs.map((r) => [r.dag, r.status]), [["training", "succeeded"]]);
    assert.ok(Object.keys(listing.runs[0]!.metrics).includes("rmse"));
    const state = await readRunState(recordDirOf(listing, listing.runs[0]!));
    assert.equal(state?.tasks.training?.status, "succeeded");
    assert.ok((state?.tasks.training?.durationMs ?? -1) >= 0);
  });

  it("says why when the CLI cannot list the runs (a broken gluepy.config.ts)", async () => {
    const broken = mkdtempSync(path.join(tmpdir(), "gluepy-broken-"));
    writeFileSync(path.join(broken, "gluepy.config.ts"), 'export default { storageRoot: 42 };\n');
    try {
      const runs = await listProjectRuns(CLI, broken, process.execPath);
      assert.ok("error" in runs);
      assert.match(runs.error, /storageRoot/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe("run listing parsing and keeping", () => {
  it("accepts a run listing and fills fields an older CLI did not print; refuses anything else", () => {
    const listing = parseRunListing('{"storageRoot":"/p/data","backend":"local","runs":[{"runFolder":"runs/2026/11/25/r1","status":"failed","dag":"training"}]}\n');
    assert.deepEqual(listing?.runs[0], { runFolder: "runs/2026/11/25/r1", status: "failed", dag: "training", runId: "r1", tasks: {}, metrics: {}, params: {} });
    assert.equal(parseRunListing("gluepy: boom"), undefined);
    assert.equal(parseRunListing('{"runs": 3}'), undefined);
  });

  it("asks the CLI once per project until the listing is forgotten", async () => {
    const asked: string[] = [];
    const listings = new RunListings(async (projectDir) => {
      asked.push(projectDir);
      return { projectDir, listing: { storageRoot: `${projectDir}/data`, backend: "local", runs: [] } };
    });
    await Promise.all([listings.of("/a"), listings.of("/a"), listings.of("/b")]);
    assert.deepEqual(asked, ["/a", "/b"]);
    listings.forget("/a");
    await listings.of("/a");
    await listings.of("/b");
    assert.deepEqual(asked, ["/a", "/b", "/a"]);
    listings.forget();
    await listings.of("/b");
    assert.deepEqual(asked, ["/a", "/b", "/a", "/b"]);
  });
});
