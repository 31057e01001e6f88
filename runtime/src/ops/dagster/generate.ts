// `gluepy dagster generate`: one Python module per valid Gluepy DAG, each with its job and a module-level
// Definitions, written into a destination folder (Dagster loads each as it is: `dagster dev -f <file>`).

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DagGraph } from "../../../../shared/dag-model";
import type { DagsterSettings, OrchestratorSettings } from "../../conf/settings";
import { UsageError } from "../../exec/errors";
import { invalidDagMessage } from "../orchestrator/orchestrated-dag";
import { renderTemplate } from "../orchestrator/render-template";
import { dagsterJobModel } from "./dagster-job";
import { DAGSTER_TEMPLATES } from "./templates/job-py";

export interface GeneratedJobFile {
  dag: string;
  jobName: string;
  file: string;
}

/** Writes `<dest>/<jobName>.py` for each graph; refuses a graph with errors (it would not run). */
export function generateDagsterJobs(
  graphs: DagGraph[],
  settings: { dagster: DagsterSettings; orchestrator: OrchestratorSettings },
  image: string,
  dest: string,
): GeneratedJobFile[] {
  for (const graph of graphs) {
    const invalid = invalidDagMessage(graph, DAGSTER_TEMPLATES.what);
    if (invalid) throw new Error(invalid);
  }
  const models = graphs.map((graph) => dagsterJobModel(graph, settings.dagster, settings.orchestrator, image));
  const clash = models.find((m, i) => models.findIndex((o) => o.jobName === m.jobName) !== i);
  if (clash) {
    const labels = models.filter((m) => m.jobName === clash.jobName).map((m) => `'${m.label}'`);
    throw new UsageError(`DAGs ${labels.join(" and ")} both become Dagster job '${clash.jobName}'; rename one, or generate them one at a time.`);
  }
  const rendered = models.map((job) => renderTemplate(DAGSTER_TEMPLATES, job.label, settings.dagster.templatesDir, { job }));
  const folder = resolve(dest);
  mkdirSync(folder, { recursive: true });
  return models.map((job, i) => {
    const file = join(folder, `${job.jobName}.py`);
    writeFileSync(file, rendered[i]);
    return { dag: job.label, jobName: job.jobName, file };
  });
}
