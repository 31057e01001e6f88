// The Task base class users extend (DESIGN §2): one unit of work whose `run()` takes no arguments and
// passes data only through storage. Static options tune how the executor runs it.

/** What `SomeTask.after(A, B)` puts in a DAG's task list: run SomeTask after exactly A and B. */
export class AfterEntry {
  constructor(
    readonly task: TaskClass | DagClassRef,
    readonly deps: readonly (TaskClass | DagClassRef)[],
  ) {}
}

/** A DAG class as seen from a task entry (kept structural so task.ts does not import dag.ts). */
export type DagClassRef = abstract new () => unknown;

export abstract class Task {
  /** Unique among Tasks; defaults to the class name lower-cased. */
  static label?: string;
  /** Extra attempts after a failure (default 0). */
  static retries?: number;
  static retryDelayMs?: number;
  /** An attempt that runs longer fails with a timeout error. */
  static timeoutMs?: number;

  abstract run(): unknown | Promise<unknown>;

  /** This task, run after exactly `deps` (which must be in the same DAG). */
  static after<T extends TaskClass>(this: T, ...deps: (TaskClass | DagClassRef)[]): AfterEntry {
    return new AfterEntry(this, deps);
  }
}

/** A concrete Task subclass. */
export type TaskClass = (new () => Task) & typeof Task;
