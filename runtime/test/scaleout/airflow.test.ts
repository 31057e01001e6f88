// Airflow generation: the files compile as Python, their dependencies (read back with Python's ast) are
// exactly the DAG's edges plus the start task before each root, for the example, a sub-DAG, a fan-in and
// labels Python does not allow; the settings land in them; project/DAG templates override the built-in.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TrainingDAG } from "../../../examples/forecast/src/dags";
import type { AirflowSettings, OrchestratorSettings } from "../../src/conf/settings";
import { resolveDag } from "../../src/exec/read-dag-class";
import { generateAirflowDags } from "../../src/ops/airflow/generate";
import { Cyclic, Pipeline, Small, VALID_DAGS } from "./orchestrator-dags";
import { readAirflowDag } from "./read-generated-python";

const settings: { airflow: AirflowSettings; orchestrator: OrchestratorSettings } = {
  airflow: {
    prefix: "gp_",
    configMaps: ["forecast-env", "shared-secrets"],
    podResources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
    kubeConfig: "/etc/kube/config",
    schedule: "0 6 * * *",
    namespace: "data",
  },
  orchestrator: { command: ["gluepy"], env: {}, retries: 0, retryDelaySeconds: 0 },
};
const IMAGE = "registry.local/forecast:1.2";
const XCOM_PULL = "{{ ti.xcom_pull(task_ids='gluepy_start') }}";

const sortEdges = (edges: [string, string][]) => edges.map((e) => e.join(" -> ")).sort();

describe("gluepy airflow generate", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gluepy-airflow-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const { shape, dag } of [{ shape: "the example's training DAG", dag: TrainingDAG }, ...VALID_DAGS]) {
    it(`gives one task per Gluepy task plus the start task, depending exactly as the DAG's edges: ${shape}`, () => {
      const { graph } = resolveDag(dag);
      const [out] = generateAirflowDags([graph], settings, IMAGE, join(dir, "dags"));
      const back = readAirflowDag(out.file);
      // Each Airflow task runs one Gluepy task (its label as written) in the start task's run folder.
      const ops = Object.values(back.tasks);
      assert.equal(ops.length, graph.nodes.length + 1);
      const labelOf = new Map(ops.map((t) => [t.task_id, t.task_id === "gluepy_start" ? "gluepy_start" : t.arguments[3]]));
      for (const node of graph.nodes) {
        const op = ops.find((t) => t.arguments[3] === node.label);
        assert.deepEqual(op?.arguments, ["dag", graph.dag, "--task", node.label, "--retry", XCOM_PULL]);
      }
      const roots = graph.nodes.map((n) => n.label).filter((l) => !graph.edges.some(([, to]) => to === l));
      const expected = [...graph.edges, ...roots.map((r): [string, string] => ["gluepy_start", r])];
      const edges = back.edges.map(([from, to]): [string, string] => [labelOf.get(from)!, labelOf.get(to)!]);
      assert.deepEqual(sortEdges(edges), sortEdges(expected));
    });
  }

  it("the pipeline really fans out and in, and its eval task comes after the others", () => {
    const { graph } = resolveDag(Pipeline);
    assert.ok(graph.edges.filter(([from]) => from === "extract").length >= 2);
    assert.equal(graph.edges.filter(([, to]) => to === "join").length, 2);
    assert.deepEqual(graph.edges.filter(([, to]) => to === "report"), [["audit", "report"]]);
  });

  it("makes the start task run `gluepy airflow start <label>` and push the run folder through XCom", () => {
    const back = readAirflowDag(generateAirflowDags([resolveDag(Pipeline).graph], settings, IMAGE, dir)[0].file);
    const start = Object.values(back.tasks).find((t) => t.task_id === "gluepy_start");
    assert.deepEqual(start?.arguments, ["airflow", "start", "pipeline", "--xcom", "/airflow/xcom/return.json"]);
  });

  it("puts the settings into the file: prefix, image, config maps, pod resources, kube config, schedule, command, env, retries", () => {
    const orchestrator: OrchestratorSettings = { command: ["npx", "gluepy"], workingDir: "/srv/forecast", env: { TZ: "UTC" }, retries: 2, retryDelaySeconds: 30 };
    const back = readAirflowDag(generateAirflowDags([resolveDag(Small).graph], { ...settings, orchestrator }, IMAGE, dir)[0].file);
    assert.deepEqual(back.constants, {
      DAG_ID: "gp_small",
      SCHEDULE: "0 6 * * *",
      IMAGE: "registry.local/forecast:1.2",
      NAMESPACE: "data",
      KUBE_CONFIG: "/etc/kube/config",
      CONFIG_MAPS: ["forecast-env", "shared-secrets"],
      POD_RESOURCES: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
      COMMAND: ["npx", "gluepy", "--project", "/srv/forecast"],
      ENV: { TZ: "UTC" },
      RETRIES: 2,
      RETRY_DELAY_SECONDS: 30,
      // Not a literal: it calls timedelta.
      default_args: null,
    });
  });

  it("uses the project's dag.py.njk for every DAG and a DAG's own <label>.py.njk over it", () => {
    const templates = join(dir, "templates");
    mkdirSync(templates);
    // Project level: extends the built-in and changes one block.
    writeFileSync(
      join(templates, "dag.py.njk"),
      `{% extends "gluepy/dag.py.njk" %}{% block default_args %}default_args = {"owner": "data-team", "retries": 2}\n{% endblock %}`,
    );
    // DAG level: a whole template of its own.
    writeFileSync(
      join(templates, "small.py.njk"),
      ["OWNER = {{ 'small-team' | py }}", "{% for t in dag.tasks %}{{ t.variable }} = {{ t.taskId | py }}\n{% endfor %}"].join("\n"),
    );
    const files = generateAirflowDags(
      [resolveDag(Pipeline).graph, resolveDag(Small).graph],
      { ...settings, airflow: { ...settings.airflow, templatesDir: templates } },
      IMAGE,
      join(dir, "out"),
    );
    const pipeline = readAirflowDag(files[0].file);
    assert.deepEqual(pipeline.constants.default_args, { owner: "data-team", retries: 2 });
    assert.equal(pipeline.constants.IMAGE, "registry.local/forecast:1.2");
    const small = readAirflowDag(files[1].file);
    assert.deepEqual(small.constants, { OWNER: "small-team", task_extract: "extract", task_cleana: "cleana" });
  });

  it("refuses a DAG with a cycle, naming the DAG and the problem", () => {
    assert.throws(() => generateAirflowDags([resolveDag(Cyclic).graph], settings, IMAGE, dir), /DAG 'cyclic' is invalid[^]*x → y → x/);
  });
});
