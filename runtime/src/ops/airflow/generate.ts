// `gluepy airflow generate`: one Airflow DAG file per valid Gluepy DAG, written into a destination folder.

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type DagGraph, hasErrors } from "../../../../shared/dag-model";
import type { AirflowSettings } from "../../conf/settings";
import { airflowDagModel } from "./model";
import { renderAirflowDag } from "./render";

export interface GeneratedDagFile {
  dag: string;
  dagId: string;
  file: string;
}

/** Why no Airflow DAG is generated for an invalid DAG ("" for a valid one). */
export function invalidDagMessage(graph: DagGraph): string {
  if (!hasErrors(graph)) return "";
  const problems = graph.problems.filter((p) => p.severity === "error").map((p) => `  ${p.code}: ${p.message}`);
  return `DAG '${graph.dag}' is invalid, so no Airflow DAG is generated for it:\n${problems.join("\n")}`;
}

/** Writes `<dest>/<dagId>.py` for each graph; refuses a graph with errors (it would not run). */
export function generateAirflowDags(graphs: DagGraph[], settings: AirflowSettings, dest: string): GeneratedDagFile[] {
  for (const graph of graphs) {
    const invalid = invalidDagMessage(graph);
    if (invalid) throw new Error(invalid);
  }
  const folder = resolve(dest);
  mkdirSync(folder, { recursive: true });
  return graphs.map((graph) => {
    const model = airflowDagModel(graph, settings);
    const file = join(folder, `${model.dagId}.py`);
    writeFileSync(file, renderAirflowDag(model, settings.templatesDir));
    return { dag: graph.dag, dagId: model.dagId, file };
  });
}
