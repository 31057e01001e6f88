// The `gluepy` CLI's exit codes (DESIGN §3): the runtime exits with them, the extension reads them.

export const EXIT_OK = 0;
export const EXIT_TASK_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANCELLED = 130;

/** What a finished run exits with. */
export type RunExitCode = typeof EXIT_OK | typeof EXIT_TASK_FAILED | typeof EXIT_CANCELLED;

export function runExitCode(status: "succeeded" | "failed" | "cancelled"): RunExitCode {
  return status === "succeeded" ? EXIT_OK : status === "failed" ? EXIT_TASK_FAILED : EXIT_CANCELLED;
}
