// Gluepy's context: the run's configuration, merged from configs/*.yaml (file-name order), --patch files
// (read through storage, as Gluepy does), --local-patch files (local disk) and the run meta; frozen, and
// saved as context.yaml so a retry runs with the same values (patches still apply on retry: DESIGN §4b).

import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { Storage } from "../files/storages/base";
import { type ConfigLayer, type ConfigMap, isConfigMap, mergeLayers } from "./merge";
import { noteContextRead } from "../cache/context-reads";

/** The yaml library, required on first use: evaluating its modules is a good part of a start that reads no YAML. */
const yaml = (): typeof import("yaml") => require("yaml") as typeof import("yaml");

export interface RunMeta {
  runId: string;
  /** Root-relative run folder: `runs/YYYY/MM/DD/<runId>`. */
  runFolder: string;
  /** ISO time the run was created. */
  createdAt: string;
}

/**
 * The shape of the context. A project declares its own keys by augmenting it:
 * `declare module "gluepy" { interface GluepyContext { forecast: { horizon: number } } }`.
 */
export interface GluepyContext {
  gluepy: RunMeta;
}

export type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** The context as tasks see it: every level read-only. */
export type Context = DeepReadonly<GluepyContext> & Readonly<Record<string, unknown>>;

export interface BuildContextOptions {
  configsDir: string;
  /** --patch files: storage-root paths (Gluepy reads them through storage). Needs `storage`. */
  patches?: readonly string[];
  /** --local-patch files: paths on this machine, relative to `cwd`. */
  localPatches?: readonly string[];
  storage?: Storage;
  /** The run meta; on a retry (with `base`) the saved meta is kept and this is only a fallback. */
  meta: RunMeta;
  /** A retried run's saved context.yaml, parsed: it replaces configs/*.yaml. */
  base?: ConfigMap;
  cwd?: string;
  /** Where "patch not found" warnings go (default: stderr). */
  warn?: (message: string) => void;
}

/** Builds the frozen context of a run. */
export async function buildContext(options: BuildContextOptions): Promise<Context> {
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const layers: ConfigLayer[] = options.base
    ? [{ source: "the saved context.yaml", values: options.base }]
    : await readConfigsDir(options.configsDir);

  for (const patch of options.patches ?? []) {
    if (!options.storage) throw new Error(`--patch ${patch} needs a storage to read it from.`);
    if (!(await options.storage.exists(patch))) {
      warn(`Warning: patch '${patch}' was not found in storage (${options.storage.abspath(patch)}); continuing without it.`);
      continue;
    }
    const where = `patch '${patch}'`;
    layers.push({ source: where, values: parseConfigYaml((await options.storage.open(patch)).toString("utf8"), where) });
  }

  for (const localPatch of options.localPatches ?? []) {
    const file = path.resolve(options.cwd ?? process.cwd(), localPatch);
    const text = await readIfExists(file);
    if (text === undefined) {
      warn(`Warning: local patch '${localPatch}' was not found (${file}); continuing without it.`);
      continue;
    }
    const where = `local patch '${localPatch}'`;
    layers.push({ source: where, values: parseConfigYaml(text, where) });
  }

  const savedMeta = options.base && isConfigMap(options.base.gluepy) ? (options.base.gluepy as unknown as RunMeta) : undefined;
  layers.push({ source: "the run meta", values: { gluepy: { ...(savedMeta ?? options.meta) } } });
  return freezeContext(mergeLayers(layers)) as Context;
}

/** configs/*.yaml and *.yml in file-name order (Gluepy: directory order, DESIGN §4b). */
async function readConfigsDir(dir: string): Promise<ConfigLayer[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const yamls = names.filter((n) => /\.ya?ml$/i.test(n)).sort();
  return Promise.all(
    yamls.map(async (name) => {
      const source = path.join(path.basename(dir), name);
      return { source, values: parseConfigYaml(await fs.readFile(path.join(dir, name), "utf8"), source) };
    }),
  );
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** A configuration file the run cannot use (bad YAML, not a map): the CLI exits 2 with this one line. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    problem: string,
  ) {
    super(`${file}${line ? `:${line}` : ""}: ${problem} Fix the file, or move it out of the way.`);
    this.name = "ConfigFileError";
  }
}

/** A YAML file of context values: a map at the top (an empty file is an empty map). */
export function parseConfigYaml(text: string, where: string): ConfigMap {
  let value: unknown;
  try {
    value = yaml().parse(text);
  } catch (err) {
    // The yaml library's messages span lines (a code excerpt); the first says what is wrong.
    // Its position ("at line 2, column 1:") is in ours already.
    const firstLine = (err as Error).message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").replace(/[.:]?$/, ".");
    throw new ConfigFileError(where, (err as { linePos?: { line: number }[] }).linePos?.[0]?.line, `not valid YAML: ${firstLine}`);
  }
  if (value === null || value === undefined) return {};
  if (!isConfigMap(value)) throw new ConfigFileError(where, undefined, `the top level must be a map of keys, not ${Array.isArray(value) ? "a list" : "a single value"}.`);
  return value;
}

/** The text of a run's context.yaml. */
export function contextToYaml(context: Readonly<Record<string, unknown>>): string {
  return yaml().stringify(context);
}

/** A saved context.yaml, parsed (pass it as `base` to buildContext on a retry). */
export function parseContextYaml(text: string, where = "context.yaml"): ConfigMap {
  return parseConfigYaml(text, where);
}

export class ContextWriteError extends TypeError {
  constructor(keyPath: string) {
    super(`The context is read-only: cannot change '${keyPath}'. Set values in configs/*.yaml or pass --patch / --local-patch.`);
    this.name = "ContextWriteError";
  }
}

/**
 * A deeply frozen copy behind read-only proxies: every write, in strict or sloppy code, throws a
 * ContextWriteError naming the key path (a bare freeze only throws in strict mode).
 */
export function freezeContext(value: unknown, keyPath = "", path: readonly string[] = []): unknown {
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? value.map((v, i) => freezeContext(v, `${keyPath}[${i}]`, [...path, String(i)]))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, freezeContext(v, keyPath ? `${keyPath}.${k}` : k, [...path, k])]));
  Object.freeze(copy);
  const name = (key: string | symbol) => (Array.isArray(copy) ? `${keyPath}[${String(key)}]` : keyPath ? `${keyPath}.${String(key)}` : String(key));
  return new Proxy(copy, { ...readOnlyTraps(name, keyPath || "(the context)"), ...readTraps(path) });
}

/**
 * Traps that report what task code reads (for the run cache's fingerprint, cache/context-reads.ts): own
 * keys and missing ones; what a list or map inherits (`map`, `toString`) is no configuration.
 */
function readTraps<T extends object>(path: readonly string[]): ProxyHandler<T> {
  return {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key === "string" && (Object.hasOwn(target, key) || !(key in target))) noteContextRead(path, key, "value", value);
      return value;
    },
    getOwnPropertyDescriptor(target, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
      if (typeof key === "string") noteContextRead(path, key, "value", descriptor?.value);
      return descriptor;
    },
    has(target, key) {
      const found = Reflect.has(target, key);
      if (typeof key === "string") noteContextRead(path, key, "has", found);
      return found;
    },
    ownKeys(target) {
      noteContextRead(path, undefined, "keys", target);
      return Reflect.ownKeys(target);
    },
  };
}

/** Proxy traps that refuse every change with a ContextWriteError naming the key. */
export function readOnlyTraps<T extends object>(name: (key: string | symbol) => string, self = "(the context)"): ProxyHandler<T> {
  const refuse = (key: string | symbol): never => {
    throw new ContextWriteError(name(key));
  };
  return {
    set: (_t, key) => refuse(key),
    defineProperty: (_t, key) => refuse(key),
    deleteProperty: (_t, key) => refuse(key),
    setPrototypeOf: () => {
      throw new ContextWriteError(self);
    },
  };
}
