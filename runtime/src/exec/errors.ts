// Errors a run reports to its caller before any task runs; the CLI maps them to exit code 2.

import path from "node:path";
import type { DagProblem } from "../../../shared/dag-model";
import { EXIT_USAGE } from "../../../shared/exit-codes";

/** Bad usage: an unknown DAG, task or executor, conflicting options. The message says what to do. */
export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * The DAG has errors (cycle, unknown or duplicate reference): nothing ran. One line per problem, each
 * with the file and line to fix (the problem's own, else the DAG class's): `src/dags.ts:12: Cycle: …`.
 */
export class InvalidDagError extends UsageError {
  constructor(
    readonly dag: string,
    readonly problems: DagProblem[],
    dagLoc?: unknown,
  ) {
    const lines = problems.map((p) => `${positionOf(p.loc ?? dagLoc)}${p.message}`);
    super(`DAG '${dag}' is invalid, nothing ran (\`gluepy list\` shows every problem): ${lines.join("\n  ")}`);
    this.name = "InvalidDagError";
  }
}

/** "src/dags.ts:12: " (relative to the working directory when inside it), or "" without a location. */
function positionOf(where: unknown): string {
  const loc = where as { file?: string; line?: number } | undefined;
  if (!loc?.file) return "";
  const rel = path.relative(process.cwd(), loc.file);
  const file = rel.startsWith("..") || path.isAbsolute(rel) ? loc.file : rel;
  return `${file}${loc.line ? `:${loc.line}` : ""}: `;
}
