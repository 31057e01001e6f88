// `gluepy airflow generate`: one Airflow DAG file per valid Gluepy DAG, written into a destination folder.

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DagGraph } from "../../../../shared/dag-model";
import type { AirflowSettings, OrchestratorSettings } from "../../conf/settings";
import { invalidDagMessage } from "../orchestrator/orchestrated-dag";
import { renderTemplate } from "../orchestrator/render-template";
import { airflowDagModel } from "./airflow-dag";
import { AIRFLOW_TEMPLATES } from "./templates/dag-py";

export interface GeneratedDagFile {
  dag: string;
  dagId: string;
  file: string;
}

/** Writes `<dest>/<dagId>.py` for each graph; refuses a graph with errors (it would not run). */
export function generateAirflowDags(
  graphs: DagGraph[],
  settings: { airflow: AirflowSettings; orchestrator: OrchestratorSettings },
  image: string,
  dest: string,
): GeneratedDagFile[] {
  for (const graph of graphs) {
    const invalid = invalidDagMessage(graph, AIRFLOW_TEMPLATES.what);
    if (invalid) throw new Error(invalid);
  }
  const models = graphs.map((graph) => airflowDagModel(graph, settings.airflow, settings.orchestrator, image));
  const rendered = models.map((dag) => renderTemplate(AIRFLOW_TEMPLATES, dag.label, settings.airflow.templatesDir, { dag }));
  const folder = resolve(dest);
  mkdirSync(folder, { recursive: true });
  return models.map((dag, i) => {
    const file = join(folder, `${dag.dagId}.py`);
    writeFileSync(file, rendered[i]);
    return { dag: dag.label, dagId: dag.dagId, file };
  });
}
