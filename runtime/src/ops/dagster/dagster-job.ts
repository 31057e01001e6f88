// What a generated Dagster module is made of: the orchestrated DAG (steps, edges, command) plus Dagster's
// names, as pure data handed to the template. One op per Gluepy task, ordering-only dependencies (Nothing
// ins and outs: tasks share the run folder, not values), a job per DAG.
//
// The run folder: the first op, `gluepy_start`, runs `gluepy dagster start <label>`, which creates the run
// (folder and context.yaml) and prints the folder; the op returns it, and every task op takes it as its
// one input and runs `gluepy dag <label> --task <t> --retry <folder>`. It is the only value passed between
// ops (as the Airflow start task's XCom is), so re-executing a failed op reuses the same run folder.

import type { DagGraph } from "../../../../shared/dag-model";
import type { DagsterSettings, OrchestratorSettings } from "../../conf/settings";
import { type OrchestratedDag, orchestratedDag, START_STEP } from "../orchestrator/orchestrated-dag";
import { pythonIdentifier } from "../orchestrator/python-names";

export interface DagsterJobModel extends OrchestratedDag {
  /** The Dagster job's name, also the module's file name: prefix + the DAG's Python name. */
  jobName: string;
  start: { name: string; args: string[] };
}

export function dagsterJobModel(graph: DagGraph, settings: DagsterSettings, orchestrator: OrchestratorSettings, image: string): DagsterJobModel {
  const dag = orchestratedDag(graph, orchestrator, image);
  return {
    ...dag,
    jobName: pythonIdentifier(`${settings.prefix}${dag.label}`),
    start: { name: START_STEP, args: ["dagster", "start", dag.label] },
  };
}
