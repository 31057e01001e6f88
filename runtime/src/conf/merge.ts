// Gluepy's context merge: maps merge deeply, lists and scalars are replaced, and a value whose kind
// changes (a map becoming a list or a number) is an error naming the key path and the file.

export type ConfigMap = Record<string, unknown>;

export interface ConfigLayer {
  /** Where the layer came from ("configs/model.yaml", "patch patches/x.yaml"), for error messages. */
  source: string;
  values: ConfigMap;
}

export class ContextMergeError extends Error {
  constructor(
    readonly keyPath: string,
    readonly source: string,
    earlier: string,
    here: string,
  ) {
    super(`Cannot merge ${source} into the context: '${keyPath}' is ${earlier} before it but ${here} there. Use the same kind of value.`);
    this.name = "ContextMergeError";
  }
}

type Kind = "a map" | "a list" | "a value";

function kindOf(value: unknown): Kind | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return "a value";
}

export function isConfigMap(value: unknown): value is ConfigMap {
  return kindOf(value) === "a map";
}

/** Merges the layers in order into a new object; no layer is changed. */
export function mergeLayers(layers: readonly ConfigLayer[]): ConfigMap {
  let merged: ConfigMap = {};
  for (const layer of layers) merged = mergeInto(merged, layer.values, layer.source, "");
  return merged;
}

function mergeInto(base: ConfigMap, patch: ConfigMap, source: string, prefix: string): ConfigMap {
  const out: ConfigMap = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const keyPath = prefix ? `${prefix}.${key}` : key;
    const before = out[key];
    const [was, now] = [kindOf(before), kindOf(value)];
    // null is "unset": it may replace, or be replaced by, anything.
    if (was && now && was !== now) throw new ContextMergeError(keyPath, source, was, now);
    out[key] = was === "a map" && now === "a map" ? mergeInto(before as ConfigMap, value as ConfigMap, source, keyPath) : value;
  }
  return out;
}
