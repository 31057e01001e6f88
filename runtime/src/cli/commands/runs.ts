// `gluepy runs [--json] [--dag <label>]`: the project's run folders, newest first, with status, DAG,
// duration, task outcomes, metrics and parameters (runtime/src/files/run-folders.ts reads them).

import type { Command } from "commander";
import { runtime } from "gluepy";
import type { RunSummary } from "../../../../shared/run-summary";
import { projectDirOf, type CliIO } from "../cli-io";
import { formatDuration } from "../../../../shared/duration";
import { statusMark } from "../output/format";
import { colorsEnabled, paletteFor } from "../output/palette";

export function configure(cmd: Command, io: CliIO): void {
  cmd
    .option("--json", "print {storageRoot, backend, runs: [{runId, runFolder, dag, status, startedAt, endedAt, durationMs, tasks, metrics, params}]}")
    .option("--dag <label>", "only the runs of this DAG")
    .action(async (opts: { json?: boolean; dag?: string }) => {
      const settings = runtime.loadProjectSettings(projectDirOf(cmd), { env: io.env });
      const listing = await runtime.listRunFolders(settings);
      const runs = listing.runs.filter((r) => !opts.dag || r.dag === opts.dag);
      io.exitCode = 0;
      if (opts.json) {
        io.stdout.write(JSON.stringify({ ...listing, runs }) + "\n");
        return;
      }
      if (runs.length === 0) {
        io.stdout.write(`No runs under ${settings.storageRoot}/runs yet.\n`);
        return;
      }
      const p = paletteFor(colorsEnabled(io.stdout, io.env));
      for (const r of runs) {
        const mark = r.status === "unknown" ? p.dim("?") : statusMark(r.status, p);
        const time = r.durationMs !== undefined ? formatDuration(r.durationMs) : "";
        io.stdout.write(`${mark} ${r.runFolder}  ${r.dag ?? "?"}  ${r.status}  ${time}  ${p.dim(taskCounts(r))}\n`);
      }
    });
}

/** "2 succeeded, 1 failed, 1 skipped". */
function taskCounts(run: RunSummary): string {
  const counts = new Map<string, number>();
  for (const status of Object.values(run.tasks)) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(", ");
}
