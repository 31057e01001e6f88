// Folds run events into the state of a run: what `state.json` stores, what the graph colours.

import type { Edge } from "./dag-model";
import type { CachedFrom, TaskFingerprint } from "./run-cache";
import type { RunEvent, RunStartEvent, RunStatus, TaskEndEvent, TaskError, TaskFile, TaskStartEvent, TaskStatus } from "./events";

export interface TaskState {
  status: TaskStatus;
  attempts: number;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  error?: TaskError;
  /** What attempt number `attempts` (the last that ended) wrote and read through storage/dataManager. */
  outputs?: TaskFile[];
  inputs?: TaskFile[];
  /** With the run cache on: what the task's outcome depended on (issue 13). */
  fingerprint?: TaskFingerprint;
  /** A task the run cache reused: the run its outputs came from. */
  cached?: CachedFrom;
}

export interface RunState {
  runId: string;
  runFolder: string;
  dag: string;
  status: RunStatus;
  startedAt: string;
  endedAt?: string;
  /** The run's own time: the durations of every invocation in its folder (the first run, then each retry) summed. */
  durationMs?: number;
  /** Task order as announced by `run-start`. */
  order: string[];
  edges: Edge[];
  tasks: Record<string, TaskState>;
  metrics: Record<string, Record<string, number>>;
}

/** The state after `event`; `state` is undefined before `run-start`. Never mutates its input. */
export function reduceRunEvent(state: RunState | undefined, event: RunEvent): RunState | undefined {
  return applyRunEvent(state && { ...state, tasks: { ...state.tasks }, metrics: { ...state.metrics } }, event);
}

/**
 * The same fold, updating `state` in place: O(1) per task event, for a writer that keeps the state of a
 * 10,000-task run current (copying the task map per event would be quadratic). Task states and per-task
 * metric maps are replaced, never mutated, so a copy of the two top-level maps is enough for reduceRunEvent.
 */
export function applyRunEvent(state: RunState | undefined, event: RunEvent): RunState | undefined {
  if (event.event === "run-start") return startedState(state, event);
  if (!state) return state;
  switch (event.event) {
    case "task-start":
    case "task-end":
      state.tasks[event.task] = nextTaskState(state.tasks[event.task] ?? { status: "pending", attempts: 0 }, event);
      break;
    case "metric":
      state.metrics[event.task] = { ...state.metrics[event.task], [event.key]: event.value };
      break;
    case "run-end":
      state.status = event.status;
      state.endedAt = event.ts;
      state.durationMs = (state.durationMs ?? 0) + event.durationMs;
      break;
  }
  return state;
}

/** A run (re)started: tasks announced now keep what an earlier run in the same folder left. */
function startedState(state: RunState | undefined, event: RunStartEvent): RunState {
  const tasks: Record<string, TaskState> = {};
  for (const t of event.tasks) tasks[t.label] = state?.tasks[t.label] ?? { status: "pending", attempts: 0 };
  return {
    runId: event.runId,
    runFolder: event.runFolder,
    dag: event.dag,
    status: "running",
    startedAt: state?.startedAt ?? event.ts,
    ...(state?.durationMs !== undefined ? { durationMs: state.durationMs } : {}),
    order: event.tasks.map((t) => t.label),
    edges: event.edges,
    tasks,
    metrics: state?.metrics ?? {},
  };
}

function nextTaskState(t: TaskState, event: TaskStartEvent | TaskEndEvent): TaskState {
  if (event.event === "task-start") {
    return { status: "running", attempts: Math.max(t.attempts, event.attempt), startedAt: event.ts };
  }
  // Built field by field (no spread of an optional part): this runs once per task-end of a 10,000-task run.
  const next: TaskState = {
    status: event.status,
    attempts: Math.max(t.attempts, event.attempt),
    startedAt: t.startedAt,
    endedAt: event.ts,
    durationMs: event.durationMs,
  };
  if (event.error) next.error = event.error;
  if (event.outputs) next.outputs = event.outputs;
  if (event.inputs) next.inputs = event.inputs;
  if (event.fingerprint) next.fingerprint = event.fingerprint;
  if (event.cached) next.cached = event.cached;
  return next;
}

/** Folds a whole event log (events.jsonl) in linear time: the state is the fold's own, so it is updated in place. */
export function reduceRunEvents(events: Iterable<RunEvent>): RunState | undefined {
  let state: RunState | undefined;
  for (const e of events) state = applyRunEvent(state, e);
  return state;
}
