// The run cache in a real run (issue 13): before a task is handed to the executor, its fingerprint is
// checked against earlier runs (reuse-check.ts); a match is not run: its outputs are placed into the new
// run folder (a hard link on local disk, else the storage's copy: S3 copies on the server), its metrics
// carried over, and its task-end says `cached: { runId, runFolder }`. Anything that goes wrong while
// checking or placing is a miss: the task runs. Succeeded tasks record their fingerprint on task-end.

import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Edge } from "../../../shared/dag-model";
import type { RunEvent, TaskEndEvent } from "../../../shared/events";
import type { TaskFingerprint } from "../../../shared/run-cache";
import type { TaskOutcome } from "../exec/executors/base";
import type { RunScope } from "../exec/scope";
import { taskOption, type TaskClass } from "../exec/task";
import type { Storage } from "../files/storages/base";
import { LocalStorage } from "../files/storages/index";
import { logMetric } from "../ops/mlops";
import { CodeFingerprints, type CodeSources, type TaskCode } from "./code-fingerprint";
import { earlierAttempts } from "./earlier-runs";
import { checkTask, type CheckProbe, type EarlierAttempt } from "./reuse-check";

export interface RunCacheInput {
  code: CodeSources;
  storageRoot: string;
  storage: Storage;
  runFolder: string;
  context: unknown;
  /** Every task of the graph, by label. */
  taskClasses: ReadonlyMap<string, TaskClass>;
  edges: readonly Edge[];
  scopeFor(task: string): RunScope;
  emit(event: RunEvent): void;
}

/** Tasks that always run: those with `static cache = false`, and those downstream of one (they read its outputs). */
export function optedOut(taskClasses: ReadonlyMap<string, TaskClass>, edges: readonly Edge[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [label, cls] of taskClasses) if (taskOption(cls, "cache") === false) out.set(label, "cache = false");
  for (const [from, to] of edges) {
    if (taskOption(taskClasses.get(from)!, "cache") === false && !out.has(to)) out.set(to, `reads the outputs of ${from} (cache = false)`);
  }
  return out;
}

/** The code fingerprint of every task of the graph, taken once as the run starts. */
export function codeOfTasks(sources: CodeSources, taskClasses: ReadonlyMap<string, TaskClass>): Map<string, TaskCode | undefined> {
  const fingerprints = new CodeFingerprints(sources);
  return new Map([...taskClasses].map(([label, cls]) => [label, fingerprints.of(cls)]));
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The SHA-256 of a storage file, undefined when it cannot be read. */
export async function hashOfFile(storage: Storage, file: string): Promise<string | undefined> {
  try {
    return sha256(await storage.open(file));
  } catch {
    return undefined;
  }
}

/** The first output of an earlier attempt that is gone or changed since (its content is what is placed). */
export async function missingOutput(storage: Storage, attempt: EarlierAttempt): Promise<string | undefined> {
  for (const output of attempt.outputs) {
    const file = output.root ? output.path : path.posix.join(attempt.runFolder, output.path);
    if ((await hashOfFile(storage, file)) !== output.sha256) return file;
  }
  return undefined;
}

export class RunCache {
  private constructor(
    private readonly input: RunCacheInput,
    private readonly earlier: Map<string, EarlierAttempt[]>,
    private readonly code: Map<string, TaskCode | undefined>,
    private readonly optedOut: Map<string, string>,
  ) {}

  static async open(input: RunCacheInput): Promise<RunCache> {
    const earlier = await earlierAttempts(input.storageRoot, input.runFolder);
    return new RunCache(input, earlier, codeOfTasks(input.code, input.taskClasses), optedOut(input.taskClasses, input.edges));
  }

  /** The fingerprint a succeeded attempt records (undefined: not cacheable, e.g. opted out or the executor did not report its reads). */
  fingerprintOf(task: string, outcome: TaskOutcome): TaskFingerprint | undefined {
    const code = this.code.get(task);
    if (!code || !outcome.contextReads || this.optedOut.has(task)) return undefined;
    return { ...code, context: outcome.contextReads };
  }

  /** Reuses the task when an earlier attempt matches ("succeeded", its task-end emitted), else runs it. */
  async runOrReuse(task: string, run: () => Promise<"succeeded" | "failed" | "cancelled"> | "succeeded" | "failed" | "cancelled"): Promise<"succeeded" | "failed" | "cancelled"> {
    if (!this.optedOut.has(task)) {
      const reused = await this.tryReuse(task).catch(() => false);
      if (reused) return "succeeded";
    }
    return run();
  }

  private async tryReuse(task: string): Promise<boolean> {
    const { storage, runFolder } = this.input;
    const probe: CheckProbe = {
      code: this.code.get(task),
      context: this.input.context,
      rootFile: (file) => hashOfFile(storage, file),
      runFile: (file) => hashOfFile(storage, path.posix.join(runFolder, file)),
      missingOutput: (attempt) => missingOutput(storage, attempt),
    };
    const result = await checkTask(this.earlier.get(task) ?? [], probe);
    if (!("reuse" in result)) return false;
    const from = result.reuse;
    for (const output of from.outputs) if (!output.root) await this.place(path.posix.join(from.runFolder, output.path), path.posix.join(runFolder, output.path));
    const scope = this.input.scopeFor(task);
    for (const [key, value] of Object.entries(from.metrics)) await logMetric(scope, key, value);
    const event: TaskEndEvent = { event: "task-end", ts: new Date().toISOString(), task, status: "succeeded", attempt: 0, durationMs: 0 };
    if (from.outputs.length > 0) event.outputs = from.outputs;
    if (from.inputs.length > 0) event.inputs = from.inputs;
    event.fingerprint = from.fingerprint;
    event.cached = { runId: from.runId, runFolder: from.runFolder };
    this.input.emit(event);
    return true;
  }

  /** A hard link on local disk (LocalStorage writes by rename, so a later write never changes the earlier run's file), else a copy. */
  private async place(src: string, dest: string): Promise<void> {
    const storage = this.input.storage;
    if (storage instanceof LocalStorage) {
      const to = storage.abspath(dest);
      try {
        await fs.mkdir(path.dirname(to), { recursive: true });
        await fs.rm(to, { force: true });
        await fs.link(storage.abspath(src), to);
        return;
      } catch {
        // Another device, or a file system without hard links: copy.
      }
    }
    await storage.cp(src, dest);
  }
}
