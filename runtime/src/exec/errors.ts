// Errors a run reports to its caller before any task runs; the CLI maps them to exit code 2.

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

/** The DAG has errors (cycle, unknown or duplicate reference): nothing ran. */
export class InvalidDagError extends UsageError {
  constructor(
    readonly dag: string,
    readonly problems: DagProblem[],
  ) {
    super(`DAG '${dag}' is invalid, nothing ran:\n${problems.map((p) => `  ${p.code}: ${p.message}`).join("\n")}`);
    this.name = "InvalidDagError";
  }
}
