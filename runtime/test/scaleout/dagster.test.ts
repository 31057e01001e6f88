// Dagster generation: the modules compile as Python and, read back with Python's ast the way Dagster wires
// a job (dagster_ops.py; Dagster itself cannot be installed here: PyPI is unreachable), give one op per
// Gluepy task plus the start op, ordering-only (Nothing) dependencies that are exactly the DAG's edges,
// and the start op's run folder into every task op; for the example, a sub-DAG, a fan-in and labels Python
// does not allow. Settings land in the module; project and DAG templates override the built-in one.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAG, Task } from "gluepy";
import { TrainingDAG } from "../../../examples/forecast/src/dags";
import type { DagsterSettings, OrchestratorSettings } from "../../src/conf/settings";
import { resolveDag } from "../../src/exec/read-dag-class";
import { generateDagsterJobs } from "../../src/ops/dagster/generate";
import { Cyclic, OddLabels, Pipeline, Small, VALID_DAGS } from "./orchestrator-dags";
import { readDagsterModule } from "./read-generated-python";

const orchestrator: OrchestratorSettings = { command: ["gluepy"], env: {}, retries: 0, retryDelaySeconds: 0 };
const settings: { dagster: DagsterSettings; orchestrator: OrchestratorSettings } = { dagster: { prefix: "" }, orchestrator };
const IMAGE = "registry.local/forecast:1.2";

const sortEdges = (edges: [string, string][]) => edges.map((e) => e.join(" -> ")).sort();
const PYTHON_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

describe("gluepy dagster generate", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gluepy-dagster-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const { shape, dag } of [{ shape: "the example's training DAG", dag: TrainingDAG }, ...VALID_DAGS]) {
    it(`gives one op per Gluepy task plus the start op, ordered exactly by the DAG's edges: ${shape}`, () => {
      const { graph } = resolveDag(dag);
      const [out] = generateDagsterJobs([graph], settings, IMAGE, join(dir, "defs"));
      const back = readDagsterModule(out.file);

      const ops = Object.entries(back.ops);
      assert.equal(ops.length, graph.nodes.length + 1);
      assert.deepEqual(back.ops.gluepy_start.args, ["dagster", "start", graph.dag]);
      assert.equal(back.ops.gluepy_start.out, "str");
      // Each task op runs its Gluepy task (the label as written) with the run folder the start op made.
      const labelOf = new Map<string, string>();
      for (const node of graph.nodes) {
        const found = ops.filter(([, op]) => op.args[3] === node.label);
        assert.equal(found.length, 1, `one op runs '${node.label}'`);
        const [name, op] = found[0];
        assert.deepEqual(op.args, ["dag", graph.dag, "--task", node.label, "--retry", "{run_folder}"]);
        assert.equal(back.run_folder_from[name], "gluepy_start");
        assert.equal(op.out, "Nothing");
        assert.match(name, PYTHON_IDENTIFIER);
        labelOf.set(name, node.label);
      }
      const edges = back.edges.map(([from, to]): [string, string] => [labelOf.get(from)!, labelOf.get(to)!]);
      assert.deepEqual(sortEdges(edges), sortEdges(graph.edges));
      // A job of its own, in the module's Definitions.
      assert.equal(back.job.name, graph.dag === "odd.labels-1" ? "odd_labels_1" : graph.dag.replace(/-/g, "_"));
      assert.deepEqual(back.definitions_jobs, [back.job.function]);
    });
  }

  it("turns labels into unique Python op names and keeps the label for the CLI call", () => {
    const back = readDagsterModule(generateDagsterJobs([resolveDag(OddLabels).graph], settings, IMAGE, dir)[0].file);
    const labels = Object.fromEntries(Object.entries(back.ops).map(([name, op]) => [name, op.args[3] ?? "(start)"]));
    assert.deepEqual(labels, {
      gluepy_start: "(start)",
      clean_data: "clean-data",
      clean_data_2: "clean_data",
      v1_score: "v1.score",
      _2nd_pass: "2nd-pass",
      class_: "class",
    });
    assert.equal(back.constants.JOB_NAME, "odd_labels_1");
    assert.equal(back.constants.GLUEPY_DAG, "odd.labels-1");
  });

  it("keeps the start op's name for the start op when a task is labelled gluepy_start", () => {
    class First extends Task {
      static label = "gluepy_start";
      run() {}
    }
    class Clash extends DAG {
      static label = "clash";
      static tasks = [First];
    }
    const back = readDagsterModule(generateDagsterJobs([resolveDag(Clash).graph], settings, IMAGE, dir)[0].file);
    assert.deepEqual(back.ops.gluepy_start.args, ["dagster", "start", "clash"]);
    assert.deepEqual(back.ops.gluepy_start_2.args, ["dag", "clash", "--task", "gluepy_start", "--retry", "{run_folder}"]);
  });

  it("refuses two DAGs whose labels become one job name, naming both", () => {
    class One extends DAG {
      static label = "a-b";
      static tasks = [Small];
    }
    class Two extends DAG {
      static label = "a.b";
      static tasks = [Small];
    }
    assert.throws(
      () => generateDagsterJobs([resolveDag(One).graph, resolveDag(Two).graph], settings, IMAGE, join(dir, "out")),
      (err: Error) => err.name === "UsageError" && /DAGs 'a-b' and 'a\.b' both become Dagster job 'a_b'; rename one/.test(err.message),
    );
  });

  it("puts eval tasks after the others, as a normal run does", () => {
    const back = readDagsterModule(generateDagsterJobs([resolveDag(Pipeline).graph], settings, IMAGE, dir)[0].file);
    assert.deepEqual(
      back.edges.filter(([, to]) => to === "report"),
      [["audit", "report"]],
    );
  });

  it("puts the settings into the module: image, command with --project, working folder, environment, retry policy, job prefix", () => {
    const custom: OrchestratorSettings = { command: ["npx", "gluepy"], workingDir: "/srv/forecast", env: { TZ: "UTC", GLUEPY_STORAGE_BACKEND: "s3" }, retries: 3, retryDelaySeconds: 20 };
    const [out] = generateDagsterJobs([resolveDag(Small).graph], { dagster: { prefix: "team_" }, orchestrator: custom }, IMAGE, dir);
    assert.equal(out.file, join(dir, "team_small.py"));
    const back = readDagsterModule(out.file);
    assert.deepEqual(back.constants, {
      JOB_NAME: "team_small",
      GLUEPY_DAG: "small",
      IMAGE: "registry.local/forecast:1.2",
      COMMAND: ["npx", "gluepy", "--project", "/srv/forecast"],
      WORKING_DIR: "/srv/forecast",
      ENV: { TZ: "UTC", GLUEPY_STORAGE_BACKEND: "s3" },
      RETRIES: 3,
      RETRY_DELAY_SECONDS: 20,
    });
  });

  it("uses the project's job.py.njk for every DAG and a DAG's own <label>.py.njk over it", () => {
    const templates = join(dir, "templates");
    mkdirSync(templates);
    // Project level: extends the built-in and replaces one block.
    writeFileSync(
      join(templates, "job.py.njk"),
      `{% extends "gluepy/job.py.njk" %}{% block retry_policy %}\nRETRY_POLICY = RetryPolicy(max_retries=5)\nTEAM = "data-team"\n{% endblock %}`,
    );
    // DAG level: a whole template of its own.
    writeFileSync(join(templates, "small.py.njk"), "OWNER = {{ 'small-team' | py }}\n{% for t in job.tasks %}{{ t.variable }} = {{ t.label | py }}\n{% endfor %}");
    const files = generateDagsterJobs(
      [resolveDag(Pipeline).graph, resolveDag(Small).graph],
      { ...settings, dagster: { prefix: "", templatesDir: templates } },
      IMAGE,
      join(dir, "out"),
    );
    const pipeline = readDagsterModule(files[0].file);
    assert.equal(pipeline.constants.TEAM, "data-team");
    assert.equal(Object.keys(pipeline.ops).length, resolveDag(Pipeline).graph.nodes.length + 1);
    execFileSync("python3", ["-m", "py_compile", files[1].file]);
    assert.equal(
      execFileSync("python3", ["-c", "import ast,sys;print([t.targets[0].id for t in ast.parse(open(sys.argv[1]).read()).body])", files[1].file], { encoding: "utf8" }).trim(),
      "['OWNER', 'task_extract', 'task_cleana']",
    );
  });

  it("names the template and the problem when a project template does not render", () => {
    const templates = join(dir, "templates");
    mkdirSync(templates);
    writeFileSync(join(templates, "job.py.njk"), "{{ job.noSuchField }}");
    assert.throws(
      () => generateDagsterJobs([resolveDag(Small).graph], { ...settings, dagster: { prefix: "", templatesDir: templates } }, IMAGE, join(dir, "out")),
      (err: Error) => err.name === "UsageError" && /Dagster job for DAG 'small' with .*job\.py\.njk failed/.test(err.message),
    );
  });

  it("refuses a DAG with a cycle, naming the DAG and the problem, and writes nothing", () => {
    const dest = join(dir, "out");
    assert.throws(() => generateDagsterJobs([resolveDag(Small).graph, resolveDag(Cyclic).graph], settings, IMAGE, dest), /DAG 'cyclic' is invalid, so no Dagster job[^]*x → y → x/);
    assert.throws(() => readdirSync(dest), /ENOENT/);
  });
});
