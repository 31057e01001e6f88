// What a generated Airflow DAG file is made of, computed from a resolved DagGraph and the project's
// AIRFLOW_* settings: pure data handed to the template, so the template only lays it out.
//
// The run folder: Airflow runs each task in its own pod, so the pods must agree on one run folder on
// shared storage. A first Airflow task, `gluepy_start`, runs `gluepy airflow start <label>`, which
// creates the run (folder and context.yaml) and pushes the folder through XCom (the pod writes
// /airflow/xcom/return.json); every task then runs `gluepy dag <label> --task <t> --retry <folder>`.

import type { DagGraph } from "../../../../shared/dag-model";
import type { AirflowSettings } from "../../conf/settings";
import { pythonIdentifier } from "./python-literal";

export const START_TASK_ID = "gluepy_start";
/** Where KubernetesPodOperator reads a pod's XCom value from (do_xcom_push=True). */
export const XCOM_RETURN_FILE = "/airflow/xcom/return.json";

export interface AirflowTaskModel {
  /** Gluepy task label ("" for the start task). */
  label: string;
  taskId: string;
  /** The Python variable holding the operator. */
  variable: string;
  /** The container command and its arguments. */
  cmds: string[];
  arguments: string[];
  /** True when the pod pushes an XCom value (only the start task does). */
  xcom: boolean;
}

export interface AirflowDependency {
  upstream: string;
  downstream: string;
}

export interface AirflowDagModel {
  dagId: string;
  /** The Gluepy DAG label. */
  label: string;
  schedule: string | null;
  image: string;
  namespace: string | null;
  configMaps: string[];
  podResources: AirflowSettings["podResources"];
  kubeConfig: string;
  start: AirflowTaskModel;
  tasks: AirflowTaskModel[];
  /** Python variable pairs, one per edge: start → each root, then the DAG's own edges. */
  dependencies: AirflowDependency[];
}

export function airflowDagModel(graph: DagGraph, settings: AirflowSettings): AirflowDagModel {
  const label = graph.dag;
  const runFolder = `{{ ti.xcom_pull(task_ids='${START_TASK_ID}') }}`;
  const start: AirflowTaskModel = {
    label: "",
    taskId: START_TASK_ID,
    variable: START_TASK_ID,
    cmds: ["gluepy"],
    arguments: ["airflow", "start", label, "--xcom", XCOM_RETURN_FILE],
    xcom: true,
  };
  // Airflow task id -> the Gluepy label it came from, to refuse two labels that map to one id.
  const owners = new Map<string, string>([[START_TASK_ID, "the start task"]]);
  const tasks = graph.nodes.map((node): AirflowTaskModel => {
    const taskId = airflowTaskId(node.label);
    const owner = owners.get(taskId);
    if (owner !== undefined) {
      throw new Error(`Task '${node.label}' of DAG '${label}' and ${owner === "the start task" ? owner : `task '${owner}'`} both become Airflow task id '${taskId}'; rename the task.`);
    }
    owners.set(taskId, node.label);
    return {
      label: node.label,
      taskId,
      variable: `task_${pythonIdentifier(taskId.replace(/[.-]/g, "_"))}`,
      cmds: ["gluepy"],
      arguments: ["dag", label, "--task", node.label, "--retry", runFolder],
      xcom: false,
    };
  });
  const variable = new Map(tasks.map((t) => [t.label, t.variable]));
  const hasUpstream = new Set(graph.edges.map(([, to]) => to));
  const dependencies: AirflowDependency[] = [
    ...tasks.filter((t) => !hasUpstream.has(t.label)).map((t) => ({ upstream: start.variable, downstream: t.variable })),
    ...graph.edges.map(([from, to]) => ({ upstream: variable.get(from)!, downstream: variable.get(to)! })),
  ];
  return {
    dagId: airflowTaskId(`${settings.prefix}${label}`),
    label,
    schedule: settings.schedule,
    image: settings.image,
    namespace: settings.namespace ?? null,
    configMaps: settings.configMaps,
    podResources: settings.podResources,
    kubeConfig: settings.kubeConfig,
    start,
    tasks,
    dependencies,
  };
}

/** Airflow task and DAG ids allow letters, digits, "_", "-" and "."; anything else becomes "_". */
export function airflowTaskId(label: string): string {
  return label.replace(/[^A-Za-z0-9_.-]/g, "_");
}
