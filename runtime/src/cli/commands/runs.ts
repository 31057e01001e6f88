// `gluepy runs [--json]`: the project's run folders, newest first, with status, DAG and duration.

import type { Command } from "commander";
import { runtime } from "gluepy";
import { projectDirOf, type CliIO } from "../cli-io";
import { formatDuration } from "../../../../shared/duration";
import { statusMark } from "../output/format";
import { colorsEnabled, paletteFor } from "../output/palette";
import { listRuns } from "../run-list";

export function configure(cmd: Command, io: CliIO): void {
  cmd
    .option("--json", "print {runs: [...]} as JSON")
    .option("--dag <label>", "only the runs of this DAG")
    .action((opts: { json?: boolean; dag?: string }) => {
      const settings = runtime.loadProjectSettings(projectDirOf(cmd), { env: io.env });
      const runs = listRuns(settings.storageRoot).filter((r) => !opts.dag || r.dag === opts.dag);
      io.exitCode = 0;
      if (opts.json) {
        io.stdout.write(JSON.stringify({ runs }) + "\n");
        return;
      }
      if (runs.length === 0) {
        io.stdout.write(`No runs under ${settings.storageRoot}/runs yet.\n`);
        return;
      }
      const p = paletteFor(colorsEnabled(io.stdout, io.env));
      for (const r of runs) {
        const mark = r.status === "unknown" ? p.dim("?") : statusMark(r.status === "running" ? "running" : r.status, p);
        const tasks = Object.entries(r.tasks ?? {}).map(([s, n]) => `${n} ${s}`).join(", ");
        const time = r.durationMs !== undefined ? formatDuration(r.durationMs) : "";
        io.stdout.write(`${mark} ${r.runFolder}  ${r.dag ?? "?"}  ${r.status}  ${time}  ${p.dim(tasks)}\n`);
      }
    });
}
