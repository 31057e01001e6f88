// The succeeded, fingerprinted task attempts of a project's earlier runs (issue 13), per task label,
// newest run first: read from each run's record on this machine (`.gluepy/` under the storage root, as
// `gluepy runs` reads them). A run whose record cannot be read offers nothing.

import type { RunState } from "../../../shared/run-state";
import { readRunState, runFoldersIn } from "../files/run-folders";
import { LocalStorage } from "../files/storages/index";
import type { EarlierAttempt } from "./reuse-check";

export async function earlierAttempts(storageRoot: string, exceptRunFolder?: string): Promise<Map<string, EarlierAttempt[]>> {
  const records = new LocalStorage(storageRoot);
  const folders = (await runFoldersIn(records)).filter((f) => f !== exceptRunFolder);
  const states = await Promise.all(folders.map((f) => readRunState(f, records).catch(() => undefined)));
  const runs = states.filter((s): s is RunState => s !== undefined).sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  const byTask = new Map<string, EarlierAttempt[]>();
  for (const run of runs) {
    for (const [task, t] of Object.entries(run.tasks)) {
      if (t.status !== "succeeded" || !t.fingerprint) continue;
      const attempt: EarlierAttempt = {
        runId: run.runId,
        runFolder: run.runFolder,
        startedAt: run.startedAt,
        fingerprint: t.fingerprint,
        outputs: t.outputs ?? [],
        inputs: t.inputs ?? [],
        metrics: run.metrics[task] ?? {},
      };
      let list = byTask.get(task);
      if (!list) byTask.set(task, (list = []));
      list.push(attempt);
    }
  }
  return byTask;
}
