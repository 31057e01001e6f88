// Where the table preview's pages of rows come from: each `fetch-rows` of the page (checked first) runs
// `gluepy preview <file> --offset K --rows N --json` in the project, and its answer goes back as `rows`, or
// its message as `rows-error`; a `cancel` stops that process. The preview command reads the file through
// the project's storage and loads no task or DAG code. No VS Code here: the panel (table-preview.ts) and
// the tests give it the CLI to run.

import { parsePreviewOutput, validateTableMessage, type ExtensionToTable } from "../../shared/table-protocol";
import { previewArgs } from "./cli-command-lines";

/** Runs the CLI with these arguments in the project; `signal` stops it. */
export type RunCli = (args: string[], signal: AbortSignal) => Promise<{ code: number; stdout: string; stderr: string }>;

/** More pages under way than the page ever asks for at once: refused, not queued (a page is page code). */
const MAX_RUNNING = 4;

export class PreviewRowsSource {
  private readonly running = new Map<number, AbortController>();

  constructor(
    private readonly projectDir: string,
    /** The data file: from the storage root (`runs/.../x.parquet`), or its path on this machine. */
    private readonly file: string,
    private readonly run: RunCli,
  ) {}

  /** The answer to a message from the page; undefined when none is owed (a cancel, a malformed message). */
  async answer(raw: unknown): Promise<ExtensionToTable | undefined> {
    const message = validateTableMessage(raw);
    if (message?.type === "cancel") this.running.get(message.id)?.abort();
    if (message?.type !== "fetch-rows") return undefined;
    const { id, offset, rows } = message;
    if (this.running.size >= MAX_RUNNING || this.running.has(id)) return { type: "rows-error", id, message: "Too many pages asked for at once." };
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      const result = await this.run(previewArgs(this.projectDir, this.file, offset, rows), controller.signal);
      if (controller.signal.aborted) return undefined;
      const slice = result.code === 0 ? parsePreviewOutput(result.stdout) : undefined;
      return slice ? { type: "rows", id, slice } : { type: "rows-error", id, message: cliMessage(result) };
    } finally {
      this.running.delete(id);
    }
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}

/** What the CLI said went wrong (its last lines on stderr, without the `gluepy:` prefix). */
function cliMessage(result: { code: number; stdout: string; stderr: string }): string {
  const said = result.stderr.trim().split("\n").slice(-3).join("\n").replace(/^gluepy: /gm, "");
  return said || `gluepy preview exited with code ${result.code} without saying why.`;
}
