// Airflow generation: the files compile as Python, their dependencies (read back with Python's ast)
// equal the DAG's edges, AIRFLOW_* settings land in them, and project/DAG templates override the built-in.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAG, Task } from "gluepy";
import type { AirflowSettings } from "../../src/conf/settings";
import { resolveDag } from "../../src/exec/read-dag-class";
import { generateAirflowDags } from "../../src/ops/airflow/generate";

class Extract extends Task {
  run() {}
}
class CleanA extends Task {
  run() {}
}
class CleanB extends Task {
  run() {}
}
class Join extends Task {
  run() {}
}
class Report extends Task {
  run() {}
}
class Audit extends Task {
  run() {}
}
class Score extends Task {
  run() {}
}
class Scoring extends DAG {
  static label = "scoring";
  static tasks = [Score];
}
// Fan-out (stage), fan-in (after the stage), an explicit .after, a sub-DAG and an eval task.
class Pipeline extends DAG {
  static label = "pipeline";
  static tasks = [Extract, [CleanA, CleanB], Join, Scoring, Audit.after(Extract, CleanB)];
  static evalTasks = [Report];
}
class Small extends DAG {
  static label = "small";
  static tasks = [Extract, CleanA];
}

const settings: AirflowSettings = {
  prefix: "gp_",
  image: "registry.local/forecast:1.2",
  configMaps: ["forecast-env", "shared-secrets"],
  podResources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
  kubeConfig: "/etc/kube/config",
  schedule: "0 6 * * *",
  namespace: "data",
};

interface ReadBack {
  constants: Record<string, unknown>;
  tasks: Record<string, { task_id: string; arguments: string[] }>;
  edges: [string, string][];
}

function readBack(file: string): ReadBack {
  execFileSync("python3", ["-m", "py_compile", file]);
  return JSON.parse(execFileSync("python3", [join(__dirname, "airflow_deps.py"), file], { encoding: "utf8" }));
}

const sortEdges = (edges: [string, string][]) => edges.map((e) => e.join(" -> ")).sort();

describe("gluepy airflow generate", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gluepy-airflow-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a file that compiles, whose dependencies equal the DAG's edges (fan-out and fan-in)", () => {
    const { graph } = resolveDag(Pipeline);
    const [out] = generateAirflowDags([graph], settings, join(dir, "dags"));
    assert.equal(out.file, join(dir, "dags", "gp_pipeline.py"));
    const back = readBack(out.file);

    const roots = graph.nodes.map((n) => n.label).filter((l) => !graph.edges.some(([, to]) => to === l));
    assert.deepEqual(roots, ["extract"]);
    const expected = [...graph.edges, ...roots.map((r): [string, string] => ["gluepy_start", r])];
    assert.deepEqual(sortEdges(back.edges), sortEdges(expected));
    // The graph really fans out and in.
    assert.ok(graph.edges.filter(([from]) => from === "extract").length >= 2);
    assert.ok(graph.edges.filter(([, to]) => to === "join").length === 2);
  });

  it("makes every task run `gluepy dag <label> --task <t> --retry <folder>` with the folder the start task pushed", () => {
    const { graph } = resolveDag(Pipeline);
    const back = readBack(generateAirflowDags([graph], settings, dir)[0].file);
    const ops = Object.values(back.tasks);
    assert.deepEqual(ops.find((t) => t.task_id === "gluepy_start")?.arguments, ["airflow", "start", "pipeline", "--xcom", "/airflow/xcom/return.json"]);
    for (const node of graph.nodes) {
      const op = ops.find((t) => t.task_id === node.label);
      assert.deepEqual(op?.arguments, ["dag", "pipeline", "--task", node.label, "--retry", "{{ ti.xcom_pull(task_ids='gluepy_start') }}"]);
    }
    assert.equal(ops.length, graph.nodes.length + 1);
  });

  it("puts the AIRFLOW_* settings into the file: prefix, image, config maps, pod resources, kube config, schedule", () => {
    const back = readBack(generateAirflowDags([resolveDag(Small).graph], settings, dir)[0].file);
    assert.deepEqual(back.constants, {
      DAG_ID: "gp_small",
      SCHEDULE: "0 6 * * *",
      IMAGE: "registry.local/forecast:1.2",
      NAMESPACE: "data",
      KUBE_CONFIG: "/etc/kube/config",
      CONFIG_MAPS: ["forecast-env", "shared-secrets"],
      POD_RESOURCES: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
      default_args: { owner: "gluepy", retries: 0 },
    });
  });

  it("uses the project's dag.py.njk for every DAG and a DAG's own <label>.py.njk over it", () => {
    const templates = join(dir, "templates");
    execFileSync("mkdir", ["-p", templates]);
    // Project level: extends the built-in and changes one block.
    writeFileSync(
      join(templates, "dag.py.njk"),
      `{% extends "gluepy/dag.py.njk" %}{% block default_args %}default_args = {"owner": "data-team", "retries": 2}\n{% endblock %}`,
    );
    // DAG level: a whole template of its own.
    writeFileSync(
      join(templates, "small.py.njk"),
      [
        "OWNER = {{ 'small-team' | py }}",
        "{% for t in dag.tasks %}{{ t.variable }} = {{ t.taskId | py }}\n{% endfor %}",
      ].join("\n"),
    );
    const files = generateAirflowDags([resolveDag(Pipeline).graph, resolveDag(Small).graph], { ...settings, templatesDir: templates }, join(dir, "out"));
    const pipeline = readBack(files[0].file);
    assert.deepEqual(pipeline.constants.default_args, { owner: "data-team", retries: 2 });
    assert.equal(pipeline.constants.IMAGE, "registry.local/forecast:1.2");
    const small = readBack(files[1].file);
    assert.deepEqual(small.constants, { OWNER: "small-team", task_extract: "extract", task_cleana: "cleana" });
  });

  it("refuses a DAG with a cycle, naming the DAG and the problem", () => {
    class X extends Task {
      run() {}
    }
    class Y extends Task {
      run() {}
    }
    class Cyclic extends DAG {
      static label = "cyclic";
      static tasks = [X.after(Y), Y.after(X)];
    }
    assert.throws(() => generateAirflowDags([resolveDag(Cyclic).graph], settings, dir), /DAG 'cyclic' is invalid[^]*x → y → x/);
  });
});
