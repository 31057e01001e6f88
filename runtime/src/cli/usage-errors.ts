// Exit codes of DESIGN §3, and which errors mean "bad usage or invalid project" (2).

export const EXIT_OK = 0;
export const EXIT_TASK_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANCELLED = 130;

/** Errors the runtime raises for bad input, named as they are so the bundles need not share classes. */
const USAGE_ERRORS = new Set([
  "UsageError",
  "InvalidDagError",
  "ProjectLoadError",
  "SettingsError",
  "ContextMergeError",
  "DuplicateLabelError",
  "StoragePathError",
  "CommanderError",
]);

export function isUsageError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  return (error as { exitCode?: unknown }).exitCode === EXIT_USAGE || USAGE_ERRORS.has(error.name);
}
