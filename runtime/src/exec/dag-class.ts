// The DAG base class users extend (DESIGN §2): a label and the ordered entries that make the graph.

import type { AfterEntry, TaskClass } from "./task";

/** One entry of `static tasks`: a task (chain), a parallel stage, `Task.after(...)`, or a sub-DAG. */
export type DagEntryInput = TaskClass | DagClass | readonly (TaskClass | DagClass)[] | AfterEntry;

/**
 * What a DAG subclass declares. Not declared on DAG itself so that a subclass writes `static tasks = [...]`
 * without `override` under `noImplicitOverride`; a missing list is an empty one.
 */
export interface DagOptions {
  /** Unique among DAGs; defaults to the class name lower-cased. */
  label?: string;
  tasks?: readonly DagEntryInput[];
  /** Run after every entry of `tasks` (Gluepy's eval_tasks); `--skip-eval` leaves them out. */
  evalTasks?: readonly DagEntryInput[];
}

export class DAG {}

export type DagClass = typeof DAG & DagOptions;
