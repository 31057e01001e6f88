// The error a project module raises while it is loaded (syntax error, throw at import): it names the file
// and line in the user's source, so the CLI can print it and exit 2 without a stack trace.

import { relative, sep } from "node:path";

export class ProjectLoadError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "ProjectLoadError";
  }
}

/** "src/tasks.ts:12:5" relative to the project, or the absolute path outside it. */
export function formatPosition(projectDir: string, file: string, line?: number, column?: number): string {
  const rel = relative(projectDir, file);
  const shown = rel.startsWith("..") || rel === "" ? file : rel.split(sep).join("/");
  return shown + (line ? `:${line}` + (column ? `:${column}` : "") : "");
}
