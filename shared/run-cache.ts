// The run cache's shared vocabulary (issue 13): what a task's fingerprint records, where a reused task came
// from, and why a task would run. The runtime writes and checks them; the editor reads them from state.json
// and from `gluepy dag --dry-run --json`.

/** One observation a task attempt made of the frozen context (`gluepy.*`, the run meta, is never one). */
export interface ContextRead {
  /** The key path read, from the top of the context. */
  key: string[];
  /** `value`: a leaf's value (or its absence); `shape`: a map or a list was read; `keys`: its keys were listed; `has`: `in` was asked. */
  kind: "value" | "shape" | "keys" | "has";
  /** What was seen, as one string (JSON of a value, "undefined" for a missing key). */
  seen: string;
}

/** What a succeeded task's outcome depended on, besides the files it read (its `inputs`). */
export interface TaskFingerprint {
  /** Project-relative path → SHA-256 of the task's module and of every project module it imports, transitively. */
  code: Record<string, string>;
  /** Package name → version, for the packages those modules import (`missing` when not installed). */
  packages: Record<string, string>;
  gluepy: string;
  context: ContextRead[];
}

/** The run a reused task's outputs came from: on its task-end event and in state.json. */
export interface CachedFrom {
  runId: string;
  /** Root-relative: `runs/YYYY/MM/DD/<runId>`. */
  runFolder: string;
}

export const CACHE_REASON_KINDS = ["code", "context", "input", "upstream", "no earlier run", "cache off", "opted out"] as const;
export type CacheReasonKind = (typeof CACHE_REASON_KINDS)[number];

export interface CacheReason {
  kind: CacheReasonKind;
  /** The changed file, the changed key, the task that will run first, or what is missing. */
  detail: string;
}

/** One line of `gluepy dag <label> --dry-run --json`. */
export interface DryRunLine {
  task: string;
  willRun: boolean;
  reasons: CacheReason[];
  /** When it would be reused: the run its outputs would come from. */
  cached?: CachedFrom;
}

/** A context key path as people write it: `forecast.horizon`, `models[2].name`. */
export function contextKeyText(key: readonly string[]): string {
  return key.map((k, i) => (/^\d+$/.test(k) ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}

/** A reason as one line of text: `code: src/model.ts`. */
export function reasonText(reason: CacheReason): string {
  return reason.detail ? `${reason.kind}: ${reason.detail}` : reason.kind;
}
