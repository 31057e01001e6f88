// The extension's own run as the Runs view shows it while it goes: its events folded into the run's
// summary (what a listing would say of it) and each task's state, and which rows a batch of events changed,
// so the view refreshes those rows only. Pure: runs-view.ts feeds it the events and makes tree items of it.

import type { RunEvent, RunStartEvent } from "../../shared/events";
import { applyRunEvent, type RunState } from "../../shared/run-state";
import { summarizeRun, type RunSummary } from "../../shared/run-summary";

/**
 * The live run's rows are refreshed at most this often. VS Code's tree view shows a change at once, then
 * swallows every further change until 200 ms pass without one (a debounce in its extension host): rows
 * refreshed each frame would stay still until the run ends. Just over that, every refresh shows at once.
 */
export const LIVE_REFRESH_MS = 220;

export interface LiveRun {
  /** Folded in place, event by event (O(1) per task event: a 1,000-task run sends thousands). */
  state: RunState;
  /** The run as the view lists it, made again after each batch. */
  summary: RunSummary;
  /** Metrics and params are not in the events: what the listing said of the run folder before, if anything. */
  earlier?: RunSummary;
}

/** What a batch of events changed: the tasks whose rows show something new, and whether the run's row does. */
export interface LiveRunChange {
  tasks: string[];
  run: boolean;
}

/**
 * A run that just started. `earlier` is the listing's summary of the same run folder (a retry continues it):
 * the tasks a retry does not run again keep the status they had, as the run's record keeps them.
 */
export function startLiveRun(event: RunStartEvent, earlier?: RunSummary): LiveRun {
  const seed = earlier && earlierState(event, earlier);
  const state = applyRunEvent(seed, event)!;
  return { state, summary: summaryOf(state, earlier), ...(earlier ? { earlier } : {}) };
}

/** Folds a batch of the run's events (run-start excepted: that starts a new LiveRun) and says what changed. */
export function foldLiveRun(run: LiveRun, events: readonly RunEvent[]): LiveRunChange {
  const tasks = new Set<string>();
  let changedRun = false;
  for (const event of events) {
    if (event.event === "run-start") continue;
    applyRunEvent(run.state, event);
    if (event.event === "task-start" || event.event === "task-end") {
      tasks.add(event.task);
      // The run's row counts the tasks done and failed.
      if (event.event === "task-end") changedRun = true;
    } else if (event.event === "run-end") changedRun = true;
  }
  if (changedRun) run.summary = summaryOf(run.state, run.earlier);
  return { tasks: [...tasks], run: changedRun };
}

function summaryOf(state: RunState, earlier: RunSummary | undefined): RunSummary {
  const summary = { ...summarizeRun(state.runFolder, state), metrics: earlier?.metrics ?? {}, params: earlier?.params ?? {} };
  // A task the run cache reused before a retry, and that this run has not run again, is still reused.
  const stillReused = Object.entries(earlier?.reused ?? {}).filter(([label]) => state.tasks[label] && !state.tasks[label].endedAt);
  if (stillReused.length > 0) summary.reused = { ...Object.fromEntries(stillReused), ...summary.reused };
  return summary;
}

/** The record a retried run folder had, as far as its listing tells it (statuses, duration so far). */
function earlierState(event: RunStartEvent, earlier: RunSummary): RunState {
  return {
    runId: event.runId,
    runFolder: event.runFolder,
    dag: event.dag,
    status: "running",
    startedAt: earlier.startedAt ?? event.ts,
    ...(earlier.durationMs !== undefined ? { durationMs: earlier.durationMs } : {}),
    order: Object.keys(earlier.tasks),
    edges: event.edges,
    tasks: Object.fromEntries(Object.entries(earlier.tasks).map(([label, status]) => [label, { status, attempts: 0 }])),
    metrics: {},
  };
}
