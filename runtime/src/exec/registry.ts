// The Task and DAG classes of a project, by label, collected from the exports of its modules.
//
// Which classes count is shared/task-classes' rule, the one the language server and the loader's static
// scan apply, here read from the loaded classes: a Task is an exported subclass of Task (at any depth) with
// a `run` method on its chain (an exported base without one is a base, not a task); a registered DAG is an
// exported subclass of DAG that declares its own `label`, `tasks` or `evalTasks` (a base DAG class that
// declares none only shares code). Exports are walked into nested plain objects too
// (`export * as tasks from "./tasks"`).

import { isRegistered, kindOf, type Lineage } from "../../../shared/task-classes";
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

/** A loaded class's lineage (shared/task-classes): undefined when it descends from neither Task nor DAG. */
function lineageOf(value: Function): Lineage | undefined {
  const proto: unknown = value.prototype;
  if (proto instanceof Task) return { root: "Task", hasRun: typeof (proto as { run?: unknown }).run === "function" };
  if (proto instanceof DAG) return { root: "DAG", hasRun: false };
  return undefined;
}

/** What a Task's registration depends on: only that it is exported (what it declares matters for DAGs alone). */
const EXPORTED_TASK = { exported: true, declaresLabel: false, declaresTasks: false };

/** Whether an exported value is a class the project registers, as what. */
function registeredKind(value: unknown): "task" | "dag" | undefined {
  if (typeof value !== "function" || value === Task || value === DAG) return undefined;
  const lineage = lineageOf(value);
  if (!lineage) return undefined;
  // Own properties are read for DAGs only: a 10,000-task project skips 30,000 lookups.
  const decl = lineage.root === "DAG" ? { exported: true, declaresLabel: hasOwn(value, "label"), declaresTasks: hasOwn(value, "tasks") || hasOwn(value, "evalTasks") } : EXPORTED_TASK;
  return isRegistered(lineage, decl) ? kindOf(lineage) : undefined;
}

function hasOwn(value: Function, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

export function isTaskClass(value: unknown): value is TaskClass {
  return registeredKind(value) === "task";
}

export function isDagClass(value: unknown): value is DagClass {
  return registeredKind(value) === "dag";
}

/** Builds the registry from module export objects; throws DuplicateLabelError on a shared label. */
export function collectRegistry(modules: Record<string, unknown>[]): Registry {
  const registry = new Registry();
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) return;
    seen.add(value);
    const kind = registeredKind(value);
    if (kind === "task") registry.addTask(value as TaskClass);
    else if (kind === "dag") registry.addDag(value as DagClass);
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
