// The run folders under a local storage root (`runs/YYYY/MM/DD/<runId>`), newest first, each with the
// status, DAG and duration its `.gluepy/state.json` records.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunState } from "../../../shared/run-state";

export interface RunSummary {
  runId: string;
  /** Root-relative, as `--retry` takes it. */
  runFolder: string;
  dag?: string;
  /** "unknown" when the folder has no readable state.json. */
  status: RunState["status"] | "unknown";
  startedAt?: string;
  durationMs?: number;
  tasks?: Partial<Record<string, number>>;
}

function subdirs(dir: string, pattern: RegExp): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && pattern.test(e.name))
      .map((e) => e.name)
      .sort()
      .reverse();
  } catch {
    return [];
  }
}

export function listRuns(storageRoot: string): RunSummary[] {
  const runs: RunSummary[] = [];
  const base = join(storageRoot, "runs");
  for (const y of subdirs(base, /^\d{4}$/))
    for (const m of subdirs(join(base, y), /^\d{2}$/))
      for (const d of subdirs(join(base, y, m), /^\d{2}$/))
        for (const id of subdirs(join(base, y, m, d), /^[^.]/)) runs.push(summarize(storageRoot, `runs/${y}/${m}/${d}/${id}`, id));
  return runs;
}

function summarize(storageRoot: string, runFolder: string, runId: string): RunSummary {
  let state: RunState;
  try {
    state = JSON.parse(readFileSync(join(storageRoot, runFolder, ".gluepy", "state.json"), "utf8")) as RunState;
  } catch {
    return { runId, runFolder, status: "unknown" };
  }
  const counts: Partial<Record<string, number>> = {};
  for (const t of Object.values(state.tasks ?? {})) counts[t.status] = (counts[t.status] ?? 0) + 1;
  const duration = state.durationMs ?? (state.endedAt && state.startedAt ? Date.parse(state.endedAt) - Date.parse(state.startedAt) : undefined);
  return {
    runId,
    runFolder,
    dag: state.dag,
    status: state.status,
    startedAt: state.startedAt,
    ...(duration !== undefined ? { durationMs: duration } : {}),
    tasks: counts,
  };
}
