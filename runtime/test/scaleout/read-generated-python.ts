// Reads generated orchestrator files back with Python: `py_compile` (the file compiles), then an ast
// walk that reports what the orchestrator would build from it (airflow_deps.py, dagster_ops.py).

import { execFileSync } from "node:child_process";
import { join } from "node:path";

export interface AirflowReadBack {
  constants: Record<string, unknown>;
  tasks: Record<string, { task_id: string; arguments: string[] }>;
  edges: [string, string][];
}

export interface DagsterReadBack {
  constants: Record<string, unknown>;
  ops: Record<string, { function: string; args: string[]; ins: Record<string, string>; out: string }>;
  /** Nothing-typed (ordering-only) dependencies, by op name. */
  edges: [string, string][];
  /** Op name -> the op whose output it takes as its run folder. */
  run_folder_from: Record<string, string>;
  job: { function: string; name: string };
  definitions_jobs: string[];
}

function read<T>(script: string, file: string): T {
  execFileSync("python3", ["-m", "py_compile", file]);
  return JSON.parse(execFileSync("python3", [join(__dirname, script), file], { encoding: "utf8" })) as T;
}

export const readAirflowDag = (file: string) => read<AirflowReadBack>("airflow_deps.py", file);
export const readDagsterModule = (file: string) => read<DagsterReadBack>("dagster_ops.py", file);
