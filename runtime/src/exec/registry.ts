// The Task and DAG classes of a project, by label, collected from the exports of its modules.
//
// Which classes count (Gluepy registers every subclass; we only see what modules export):
// - a Task is an exported subclass of Task, at any depth of inheritance, that has a `run` method.
//   An exported base without `run` (TypeScript `abstract class BaseTask extends Task`) is a base, not a
//   task; an exported base WITH `run` is a task like any other (as in Gluepy).
// - a DAG is an exported subclass of DAG that declares its own `label`, `tasks` or `evalTasks`; a base
//   DAG class that declares none of them only shares code and is not registered.
// Exports are walked into nested plain objects too (`export * as tasks from "./tasks"`).

import { DAG, type DagClass } from "./dag-class";
import { labelOf } from "./labels";
import { Task, type TaskClass } from "./task";

export class DuplicateLabelError extends Error {
  constructor(
    readonly kind: "Task" | "DAG",
    readonly label: string,
    readonly classNames: [string, string],
  ) {
    super(
      `Duplicate ${kind} label '${label}': classes ${classNames[0]} and ${classNames[1]} both use it. ` +
        `Labels are unique among ${kind === "Task" ? "Tasks" : "DAGs"}; set a different 'static label' on one of them.`,
    );
    this.name = "DuplicateLabelError";
  }
}

export class Registry {
  readonly tasks = new Map<string, TaskClass>();
  readonly dags = new Map<string, DagClass>();

  addTask(cls: TaskClass): void {
    add(this.tasks, "Task", cls);
  }

  addDag(cls: DagClass): void {
    add(this.dags, "DAG", cls);
  }
}

function add<C extends Function>(map: Map<string, C>, kind: "Task" | "DAG", cls: C): void {
  const label = labelOf(cls);
  const existing = map.get(label);
  if (existing === cls) return;
  if (existing) throw new DuplicateLabelError(kind, label, [existing.name, cls.name]);
  map.set(label, cls);
}

export function isTaskClass(value: unknown): value is TaskClass {
  return typeof value === "function" && value !== Task && value.prototype instanceof Task && typeof value.prototype.run === "function";
}

export function isDagClass(value: unknown): value is DagClass {
  if (typeof value !== "function" || value === DAG || !(value.prototype instanceof DAG)) return false;
  return ["label", "tasks", "evalTasks"].some((key) => Object.prototype.hasOwnProperty.call(value, key));
}

/** Builds the registry from module export objects; throws DuplicateLabelError on a shared label. */
export function collectRegistry(modules: Record<string, unknown>[]): Registry {
  const registry = new Registry();
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) return;
    seen.add(value);
    if (isTaskClass(value)) registry.addTask(value);
    else if (isDagClass(value)) registry.addDag(value);
    else if (typeof value === "object" && isPlainNamespace(value)) for (const v of Object.values(value)) visit(v);
  };
  for (const m of modules) for (const v of Object.values(m)) visit(v);
  return registry;
}

/** A module namespace or plain object literal: worth looking into for more exports. */
function isPlainNamespace(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype || (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === "Module";
}
