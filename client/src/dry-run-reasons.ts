// "Why will this run?": reads what `gluepy dag <label> --dry-run --json` printed (one DryRunLine a
// task, shared/run-cache.ts) and picks the asked task's answer. Pure: the command runs the CLI, this checks
// its output, so a runtime that prints something else gives a message, not a wrong answer.

import { CACHE_REASON_KINDS, type CacheReason, type DryRunLine } from "../../shared/run-cache";

function isReason(value: unknown): value is CacheReason {
  const r = value as Partial<CacheReason> | null;
  return !!r && typeof r === "object" && CACHE_REASON_KINDS.includes(r.kind as CacheReason["kind"]) && typeof r.detail === "string";
}

function isDryRunLine(value: unknown): value is DryRunLine {
  const l = value as Partial<DryRunLine> | null;
  if (!l || typeof l !== "object" || typeof l.task !== "string" || typeof l.willRun !== "boolean") return false;
  if (!Array.isArray(l.reasons) || !l.reasons.every(isReason)) return false;
  return l.cached === undefined || (typeof l.cached.runId === "string" && typeof l.cached.runFolder === "string");
}

/** Every dry-run line of the CLI's stdout (lines that are not JSON objects, a log, are left out). */
export function parseDryRun(stdout: string): DryRunLine[] {
  const lines: DryRunLine[] = [];
  for (const text of stdout.split("\n")) {
    if (!text.trim().startsWith("{")) continue;
    try {
      const value: unknown = JSON.parse(text);
      if (isDryRunLine(value)) lines.push(value);
    } catch {
      // Not a dry-run line.
    }
  }
  return lines;
}

/** What the dry run says of `task`, or a message saying why there is no answer. */
export function dryRunOf(result: { code: number; stdout: string; stderr: string }, dag: string, task: string): DryRunLine | { error: string } {
  const lines = parseDryRun(result.stdout);
  const line = lines.find((l) => l.task === task);
  if (line) return line;
  if (result.code !== 0 || lines.length === 0) {
    const said = result.stderr.trim().split("\n").filter(Boolean).pop();
    return { error: `gluepy dag ${dag} --dry-run ${said ? `said: ${said}` : `exited ${result.code} without an answer`}` };
  }
  return { error: `the dry run of ${dag} has no task "${task}" (is it in the DAG?)` };
}
