// What a generated Airflow DAG file is made of: the orchestrated DAG (steps, edges, command) plus
// Airflow's own parts (DAG id, task ids, pods), as pure data handed to the template.
//
// The run folder: Airflow runs each task in its own pod, so the pods must agree on one run folder on
// shared storage. The first Airflow task, `gluepy_start`, runs `gluepy airflow start <label>`, which
// creates the run (folder and context.yaml) and pushes the folder through XCom (the pod writes
// /airflow/xcom/return.json); every task then runs `gluepy dag <label> --task <t> --retry <folder>`.

import type { DagGraph } from "../../../../shared/dag-model";
import type { AirflowSettings, OrchestratorSettings } from "../../conf/settings";
import { UsageError } from "../../exec/errors";
import { type OrchestratedDag, type OrchestratedTask, orchestratedDag, START_STEP } from "../orchestrator/orchestrated-dag";

/** Where KubernetesPodOperator reads a pod's XCom value from (do_xcom_push=True). */
export const XCOM_RETURN_FILE = "/airflow/xcom/return.json";
/** What each task passes as its run folder: the start task's XCom value, pulled when Airflow renders the arguments. */
export const RUN_FOLDER_XCOM = `{{ ti.xcom_pull(task_ids='${START_STEP}') }}`;

export interface AirflowTaskModel {
  /** Gluepy task label ("" for the start task). */
  label: string;
  taskId: string;
  /** The Python variable holding the operator. */
  variable: string;
  /** gluepy's arguments (after the command). */
  arguments: string[];
  /** True when the pod pushes an XCom value (only the start task does). */
  xcom: boolean;
}

export interface AirflowDagModel extends Omit<OrchestratedDag, "tasks"> {
  dagId: string;
  schedule: string | null;
  namespace: string | null;
  configMaps: string[];
  podResources: AirflowSettings["podResources"];
  kubeConfig: string;
  start: AirflowTaskModel;
  tasks: (OrchestratedTask & AirflowTaskModel)[];
}

export function airflowDagModel(graph: DagGraph, settings: AirflowSettings, orchestrator: OrchestratorSettings, image: string): AirflowDagModel {
  const dag = orchestratedDag(graph, orchestrator, image);
  const start: AirflowTaskModel = {
    label: "",
    taskId: START_STEP,
    variable: START_STEP,
    arguments: ["airflow", "start", dag.label, "--xcom", XCOM_RETURN_FILE],
    xcom: true,
  };
  // Airflow task ids keep dashes and dots, so two labels can still meet ("a b" and "a_b"): refuse that.
  const owners = new Map<string, string>([[START_STEP, "the start task"]]);
  const tasks = dag.tasks.map((task) => {
    const taskId = airflowTaskId(task.label);
    const owner = owners.get(taskId);
    if (owner !== undefined) {
      throw new UsageError(`Task '${task.label}' of DAG '${dag.label}' and ${owner === "the start task" ? owner : `task '${owner}'`} both become Airflow task id '${taskId}'; rename the task.`);
    }
    owners.set(taskId, task.label);
    return { ...task, taskId, arguments: [...task.args, RUN_FOLDER_XCOM], xcom: false };
  });
  return {
    ...dag,
    dagId: airflowTaskId(`${settings.prefix}${dag.label}`),
    schedule: settings.schedule,
    namespace: settings.namespace ?? null,
    configMaps: settings.configMaps,
    podResources: settings.podResources,
    kubeConfig: settings.kubeConfig,
    start,
    tasks,
  };
}

/** Airflow task and DAG ids allow letters, digits, "_", "-" and "."; anything else becomes "_". */
export function airflowTaskId(label: string): string {
  return label.replace(/[^A-Za-z0-9_.-]/g, "_");
}
