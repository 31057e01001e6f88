// Whether a task can be reused, and if not why (issue 13): its fingerprint now against that of each
// succeeded attempt of it in an earlier run, newest first. One check for both sides: a real run asks it
// once the task's upstream is done (the files it would read are in the run folder), `--dry-run` before
// anything runs (a file an upstream that will run writes is not known yet: `upstream`). Honest by
// construction: whatever cannot be compared (a file gone, a module unreadable) is a reason to run.

import { codeFileReasons } from "../../../shared/code-fingerprint";
import type { TaskFile } from "../../../shared/events";
import { contextKeyText, type CacheReason, type CachedFrom, type TaskFingerprint } from "../../../shared/run-cache";
import type { TaskCode } from "./code-fingerprint";
import { seenNow } from "./context-reads";

/** A succeeded attempt of a task, recorded with its fingerprint in an earlier run. */
export interface EarlierAttempt extends CachedFrom {
  startedAt: string;
  fingerprint: TaskFingerprint;
  outputs: TaskFile[];
  inputs: TaskFile[];
  metrics: Record<string, number>;
}

/** What the check reads of the world now. */
export interface CheckProbe {
  /** The task's code fingerprint now; undefined when it cannot be computed. */
  code: TaskCode | undefined;
  /** The run's frozen context. */
  context: unknown;
  /** The SHA-256 of a storage-root file now (undefined: missing), or the task that will run first and write it (dry run). */
  rootFile(path: string): Promise<string | undefined | { upstream: string }>;
  /** The SHA-256 of a file of the new run folder (undefined: missing), or the task that will run first and write it (dry run). */
  runFile(path: string): Promise<string | undefined | { upstream: string }>;
  /** The first output of `attempt` that is gone from its run folder or changed there; undefined when all are there. */
  missingOutput(attempt: EarlierAttempt): Promise<string | undefined>;
}

export type CheckResult = { reuse: EarlierAttempt } | { reasons: CacheReason[] };

/**
 * Reused when some earlier attempt matches in every part. Else the reasons against the newest attempt
 * that only an `upstream` keeps from matching (the task may still be reused once that upstream rewrote the
 * same bytes), else against the newest one: so reasons other than `upstream` mean it runs, for certain.
 */
export async function checkTask(candidates: readonly EarlierAttempt[], probe: CheckProbe): Promise<CheckResult> {
  if (candidates.length === 0) return { reasons: [{ kind: "no earlier run", detail: "" }] };
  let newest: CacheReason[] | undefined;
  let onlyUpstream: CacheReason[] | undefined;
  for (const candidate of candidates) {
    const reasons = await reasonsAgainst(candidate, probe);
    if (reasons.length === 0) return { reuse: candidate };
    newest ??= reasons;
    if (reasons.every((r) => r.kind === "upstream")) onlyUpstream ??= reasons;
  }
  return { reasons: onlyUpstream ?? newest! };
}

async function reasonsAgainst(candidate: EarlierAttempt, probe: CheckProbe): Promise<CacheReason[]> {
  const reasons: CacheReason[] = [...codeReasons(candidate.fingerprint, probe.code)];
  for (const read of candidate.fingerprint.context) {
    if (seenNow(probe.context, read) !== read.seen) reasons.push({ kind: "context", detail: contextKeyText(read.key) });
  }
  const upstream = new Set<string>();
  for (const input of candidate.inputs) {
    const now = input.root ? await probe.rootFile(input.path) : await probe.runFile(input.path);
    if (typeof now === "object") upstream.add(now.upstream);
    else if (now !== input.sha256) reasons.push({ kind: "input", detail: now === undefined ? `${input.path} (gone)` : input.path });
  }
  for (const task of upstream) reasons.push({ kind: "upstream", detail: task });
  if (reasons.length > 0) return reasons;
  const missing = await probe.missingOutput(candidate);
  return missing === undefined ? [] : [{ kind: "no earlier run", detail: `output ${missing} of ${candidate.runFolder} is gone or changed` }];
}

function codeReasons(before: TaskFingerprint, now: TaskCode | undefined): CacheReason[] {
  if (!now) return [{ kind: "code", detail: "the task's module could not be read" }];
  const reasons = codeFileReasons(before.code, now.code);
  for (const name of new Set([...Object.keys(before.packages), ...Object.keys(now.packages)])) {
    const [was, is] = [before.packages[name], now.packages[name]];
    if (was !== is) reasons.push({ kind: "code", detail: `package ${name} ${was ?? "(not imported)"} → ${is ?? "(not imported)"}` });
  }
  if (before.gluepy !== now.gluepy) reasons.push({ kind: "code", detail: `gluepy ${before.gluepy} → ${now.gluepy}` });
  return reasons;
}
