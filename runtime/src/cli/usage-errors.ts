// Which errors mean "bad usage or invalid project": the CLI exits with EXIT_USAGE (2) for them.

import { EXIT_USAGE } from "../../../shared/exit-codes";

/** Errors the runtime raises for bad input, named as they are so the bundles need not share classes. */
const USAGE_ERRORS = new Set([
  "UsageError",
  "InvalidDagError",
  "ProjectLoadError",
  "SettingsError",
  "ContextMergeError",
  "ConfigFileError",
  "DuplicateLabelError",
  "StoragePathError",
  "CommanderError",
]);

export function isUsageError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  return (error as { exitCode?: unknown }).exitCode === EXIT_USAGE || USAGE_ERRORS.has(error.name);
}
