// `gluepy airflow start <label>` and `gluepy dagster start <label>`: the first step of a generated
// orchestrator DAG. It creates the run (a new run folder and its context.yaml: Gluepy's start task)
// without running any task, so each orchestrator step can then run
// `gluepy dag <label> --task <t> --retry <folder>` in that folder, in its own process or pod.

import { hasErrors } from "../../../../shared/dag-model";
import type { Settings } from "../../conf/settings";
import { createStorage } from "../../files/storages/index";
import { InvalidDagError, UsageError } from "../../exec/errors";
import { graphFor } from "../../exec/read-dag-class";
import type { Registry } from "../../exec/registry";
import { newRunId, runFolderFor } from "../../exec/run-folder";
import { runStartTask } from "../../exec/start-task";

export interface StartRunOptions {
  projectDir: string;
  settings: Settings;
  registry: Registry;
  dag: string;
  patches?: string[];
  localPatches?: string[];
  onWarning?(message: string): void;
}

/** Creates the run folder with its context.yaml; returns the root-relative folder. */
export async function startOrchestratedRun(opts: StartRunOptions): Promise<{ runId: string; runFolder: string }> {
  const graph = graphFor(opts.registry, opts.dag);
  if (!graph) throw new UsageError(`No DAG '${opts.dag}' in ${opts.projectDir}; \`gluepy list\` shows the DAGs.`);
  if (hasErrors(graph)) throw new InvalidDagError(graph.dag, graph.problems.filter((p) => p.severity === "error"));
  const now = new Date();
  const runId = newRunId(now);
  const runFolder = runFolderFor(runId, now);
  await runStartTask({
    configsDir: opts.settings.configsDir,
    storage: await createStorage(opts.settings),
    meta: { runId, runFolder, createdAt: now.toISOString() },
    retry: false,
    patches: opts.patches ?? [],
    localPatches: opts.localPatches ?? [],
    cwd: opts.projectDir,
    warn: opts.onWarning,
  });
  return { runId, runFolder };
}
