// The project's past runs, read the one way every reader gets them (`gluepy runs`, and through it the
// editor's Runs view, Retry Failed Tasks and hover): run folders found by walking `runs/` in the project's
// storage (so S3 works) and in this machine's run records under the storage root (a run's `.gluepy/`
// records stay on the disk of the machine that ran it, whatever the backend), each read into a RunSummary.

import type { Settings } from "../conf/settings";
import { parseContextYaml } from "../conf/context";
import { parseRunEvent, type RunEvent } from "../../../shared/events";
import { RUN_FOLDER_LEVELS, RUNS_DIR, runFiles } from "../../../shared/run-folder-layout";
import { reduceRunEvents, type RunState } from "../../../shared/run-state";
import { newestFirst, summarizeRun, type RunListing, type RunSummary } from "../../../shared/run-summary";
import type { Storage } from "./storages/base";
import { createStorage, LocalStorage } from "./storages/index";

/** Reads at once: enough to hide S3's latency, few enough not to be throttled or run out of sockets. */
const PARALLEL_READS = 16;

/** Every run of the project, newest first. `storage` is the project's (from its settings when not given). */
export async function listRunFolders(settings: Pick<Settings, "storage" | "storageRoot">, storage?: Storage): Promise<RunListing> {
  const data = storage ?? (await createStorage(settings));
  const records = settings.storage.backend === "local" && data instanceof LocalStorage ? data : new LocalStorage(settings.storageRoot);
  const places = data === records ? [records] : [records, data];
  const folders = new Set<string>();
  for (const place of places) for (const folder of await runFoldersIn(place)) folders.add(folder);
  const runs = await mapBounded([...folders], (folder) => readRunFolder(folder, records, data));
  return { storageRoot: settings.storageRoot, backend: settings.storage.backend, runs: runs.sort(newestFirst) };
}

/** `runs/YYYY/MM/DD/<runId>` folders of one storage, in no particular order; none when `runs/` is missing. */
export async function runFoldersIn(storage: Pick<Storage, "ls">): Promise<string[]> {
  let level = [RUNS_DIR];
  for (const name of RUN_FOLDER_LEVELS) {
    const next = await mapBounded(level, async (dir) => (await dirsIn(storage, dir)).filter((d) => name.test(d)).map((d) => `${dir}/${d}`));
    level = next.flat();
  }
  return level;
}

/**
 * One run's summary: its record from this machine's `.gluepy/` (else from storage), metrics.json and
 * context.yaml from storage. An unreadable part leaves its field empty: one broken run folder must not
 * hide the others.
 */
export async function readRunFolder(runFolder: string, records: Storage, data: Storage): Promise<RunSummary> {
  const [state, metrics, context] = await Promise.all([
    readRunState(runFolder, records).then((s) => s ?? (records === data ? undefined : readRunState(runFolder, data))),
    readText(data, runFiles(runFolder).metrics).then(parseMetrics),
    readText(data, runFiles(runFolder).context).then((text) => (text === undefined ? {} : parseContextYaml(text))).catch(() => ({})),
  ]);
  return summarizeRun(runFolder, state, metrics, context);
}

/**
 * The run's state: state.json, or the fold of events.jsonl when state.json is missing, unreadable or
 * still says "running" (a process killed outright wrote events after its last state.json).
 */
export async function readRunState(runFolder: string, storage: Storage): Promise<RunState | undefined> {
  const files = runFiles(runFolder);
  const state = parseState(await readText(storage, files.state));
  if (state && state.status !== "running") return state;
  const events = await readText(storage, files.events);
  if (events === undefined) return state;
  return reduceRunEvents(events.split("\n").map(parseRunEvent).filter((e): e is RunEvent => e !== undefined)) ?? state;
}

/** metrics.json's `{ key: number }`; {} when it is missing or not that shape. */
function parseMetrics(text: string | undefined): Record<string, number> {
  if (text === undefined) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, number>) : {};
  } catch {
    return {};
  }
}

function parseState(text: string | undefined): RunState | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as RunState;
    return value && typeof value === "object" && typeof value.dag === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

async function readText(storage: Storage, file: string): Promise<string | undefined> {
  try {
    return (await storage.open(file)).toString("utf8");
  } catch {
    return undefined;
  }
}

async function dirsIn(storage: Pick<Storage, "ls">, dir: string): Promise<string[]> {
  try {
    return (await storage.ls(dir)).dirs;
  } catch {
    return [];
  }
}

async function mapBounded<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, items.length) }, worker));
  return out;
}
