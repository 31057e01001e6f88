// What task code uses while a DAG runs: `context`, `storage`, `dataManager`, `mlops`. Each reads the
// current run scope (exec/scope.ts), so every run, even in a long-lived process, sees only its own.

import type { Context } from "./conf/context";
import { readOnlyTraps } from "./conf/context";
import { currentScope, type RunScope } from "./exec/scope";
import { DataManager, type DataPathOptions } from "./files/data/data-manager";
import type { DataFrame, PolarsModule } from "./files/data/polars";
import { recordedStorage } from "./files/recorded-storage";
import type { Storage, StorageContent } from "./files/storages/base";
import { logMetric } from "./ops/mlops";

function requireScope(what: string): RunScope {
  const scope = currentScope();
  if (!scope) throw new Error(`${what} is only available while a DAG runs: use it inside a task's run().`);
  return scope;
}

/** The run's frozen context, read as plain properties: `context.forecast.horizon`. */
export const context: Context = new Proxy(inspectableAsCurrentContext(), {
  get: (_t, key) => (requireScope("context").context as Record<string | symbol, unknown>)[key],
  has: (_t, key) => key in requireScope("context").context,
  ownKeys: () => Reflect.ownKeys(requireScope("context").context),
  getOwnPropertyDescriptor: (_t, key) => {
    const ctx = requireScope("context").context as Record<string | symbol, unknown>;
    // Reported configurable: the proxy's own (empty) target does not hold these properties.
    return Object.prototype.hasOwnProperty.call(ctx, key) ? { value: ctx[key], writable: false, enumerable: true, configurable: true } : undefined;
  },
  ...readOnlyTraps<Context>(String),
});

/**
 * The proxy's target. Node's console.log and util.inspect print a proxy's target, not what its traps
 * show, so the target prints the current run's context instead of an empty object.
 */
function inspectableAsCurrentContext(): Context {
  const target = {};
  Object.defineProperty(target, Symbol.for("nodejs.util.inspect.custom"), {
    value: () => currentScope()?.context ?? "[context: only available while a DAG runs]",
    configurable: true,
  });
  return target as Context;
}

// Task code's files are recorded for its attempt (outputs and inputs in state.json); the runtime's own
// (context.yaml, metrics.json, the run record) go to the scope's storage directly and are not.
const runStorage = () => recordedStorage(requireScope("storage").storage);

/** The run's storage (Gluepy's default_storage). */
export const storage: Storage = {
  touch: (path: string, content: StorageContent) => runStorage().touch(path, content),
  open: (path: string) => runStorage().open(path),
  rm: (path: string) => runStorage().rm(path),
  cp: (src: string, dest: string) => runStorage().cp(src, dest),
  ls: (path: string) => runStorage().ls(path),
  mkdir: (path: string) => runStorage().mkdir(path),
  isdir: (path: string) => runStorage().isdir(path),
  isfile: (path: string) => runStorage().isfile(path),
  exists: (path: string) => runStorage().exists(path),
  runpath: (path: string) => runStorage().runpath(path),
  abspath: (path: string) => runStorage().abspath(path),
};

const runData = () => new DataManager(recordedStorage(requireScope("dataManager").storage));

/** Data frames in storage: run-folder relative by default, `{ root: true }` for storage-root paths. */
export const dataManager = {
  read: (path: string, options?: DataPathOptions): Promise<DataFrame> => runData().read(path, options),
  write: (path: string, df: DataFrame, options?: DataPathOptions): Promise<void> => runData().write(path, df, options),
  frame: (data: Record<string, unknown[]> | Record<string, unknown>[]): Promise<DataFrame> => runData().frame(data),
  polars: (): Promise<PolarsModule> => runData().polars(),
};

/** Run metrics: `await mlops.logMetric("mae", 1.2)` → metrics.json and a `metric` event. */
export const mlops = {
  logMetric: (key: string, value: number): Promise<void> => logMetric(requireScope("mlops"), key, value),
};
