// Helpers for exec tests: a temporary project folder with real settings and local storage, a run that
// collects its events, and the records a run leaves.

import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { RunEvent, TaskEndEvent } from "../../../shared/events";
import { parseRunEvent } from "../../../shared/events";
import { resolveSettings } from "../../src/conf/settings";
import type { DagClass } from "../../src/exec/dag-class";
import { collectRegistry } from "../../src/exec/registry";
import { runDag, type RunOptions, type RunOutcome } from "../../src/exec/run";

export interface TempProject {
  dir: string;
  cleanup(): Promise<void>;
  run(dags: DagClass[], opts: Partial<RunOptions> & { dag: string }): Promise<{ outcome: RunOutcome; events: RunEvent[] }>;
}

export async function tempProject(): Promise<TempProject> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "gluepy-exec-"));
  await fs.mkdir(path.join(dir, "configs"));
  await fs.writeFile(path.join(dir, "configs", "default.yaml"), "model:\n  horizon: 7\n");
  const settings = resolveSettings({}, dir, {});
  return {
    dir,
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
    async run(dags, opts) {
      const events: RunEvent[] = [];
      const outcome = await runDag({
        projectDir: dir,
        registry: collectRegistry([Object.fromEntries(dags.map((d) => [d.name, d]))]),
        settings,
        concurrency: 4,
        onWarning: () => {},
        ...opts,
        onEvent: (e) => {
          events.push(e);
          opts.onEvent?.(e);
        },
      });
      return { outcome, events };
    },
  };
}

export function ends(events: RunEvent[]): Record<string, TaskEndEvent["status"]> {
  const out: Record<string, TaskEndEvent["status"]> = {};
  for (const e of events) if (e.event === "task-end") out[e.task] = e.status;
  return out;
}

/** Labels in the order their task-start events came (first attempt only). */
export function startOrder(events: RunEvent[]): string[] {
  return events.filter((e) => e.event === "task-start" && e.attempt === 1).map((e) => (e as { task: string }).task);
}

export async function readEvents(recordDir: string): Promise<RunEvent[]> {
  const text = await fs.readFile(path.join(recordDir, "events.jsonl"), "utf8");
  return text.split("\n").map(parseRunEvent).filter((e): e is RunEvent => e !== undefined);
}

export async function readStateFile(recordDir: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(path.join(recordDir, "state.json"), "utf8"));
}

/** Resolves when `predicate` holds, polling; rejects after `timeoutMs` naming what it waited for. */
export async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
