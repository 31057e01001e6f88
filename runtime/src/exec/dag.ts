// The DAG base class users extend (DESIGN §2): a label and the ordered entries that make the graph.

import type { AfterEntry, TaskClass } from "./task";

/** One entry of `static tasks`: a task (chain), a parallel stage, `Task.after(...)`, or a sub-DAG. */
export type DagEntryInput = TaskClass | DagClass | readonly (TaskClass | DagClass)[] | AfterEntry;

export class DAG {
  /** Unique among DAGs; defaults to the class name lower-cased. */
  static label?: string;
  static tasks: readonly DagEntryInput[] = [];
  /** Run after every entry of `tasks` (Gluepy's eval_tasks); `--skip-eval` leaves them out. */
  static evalTasks: readonly DagEntryInput[] = [];
}

export type DagClass = typeof DAG;
