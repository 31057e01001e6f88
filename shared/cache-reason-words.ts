// The run cache's reasons (shared/run-cache.ts) in words for people: why a task will run ("Why will this
// run?", from `gluepy dag --dry-run --json`) and why the graph marks it outdated. Pure: the client and the
// graph page both word them here, so a reason reads the same in the details pane and in a node's tooltip.

import type { CacheReason, DryRunLine } from "./run-cache";

/** One reason as a sentence: `Its code changed: src/model.ts`. */
export function reasonWords(reason: CacheReason): string {
  const { detail } = reason;
  switch (reason.kind) {
    case "code":
      if (detail.startsWith("package ")) return `A package it imports changed version: ${detail.slice("package ".length)}`;
      if (detail.startsWith("gluepy ")) return `Gluepy changed version: ${detail.slice("gluepy ".length)}`;
      if (detail === "the task's module could not be read") return "Its code could not be read, so it cannot be compared with the earlier run";
      return `Its code changed: ${detail}`;
    case "context":
      return `A setting it read changed: ${detail}`;
    case "input":
      return detail.endsWith(" (gone)") ? `A file it read is gone: ${detail.slice(0, -" (gone)".length)}` : `A file it read changed: ${detail}`;
    case "upstream":
      return `It reads what ${detail} writes, and ${detail} runs first`;
    case "no earlier run":
      return detail ? `No earlier run to reuse: ${detail}` : "No earlier run to reuse (only runs made with the cache on can be reused)";
    case "cache off":
      return "The run cache is off, so every task runs (turn it on with cache: true in gluepy.config.ts)";
    case "opted out":
      return detail === "cache = false" || !detail ? "It opted out of the run cache (static cache = false)" : `It opted out of the run cache: it ${detail}`;
  }
}

/** What a dry run says of one task: a headline and, when it will run, each reason in words. */
export function dryRunWords(line: DryRunLine): { headline: string; reasons: string[] } {
  if (!line.willRun) return { headline: line.cached ? `Will be reused from run ${line.cached.runId}` : "Will be reused", reasons: [] };
  return { headline: "Will run", reasons: line.reasons.map(reasonWords) };
}
