// Reads the `baseUrl`/`paths` of tsconfig.json files, following `extends` (relative paths, arrays and
// package configs), for import resolution.

import * as path from "node:path";
import ts from "typescript";
import type { PathMapping } from "./module-resolver";

interface RawOptions {
  baseUrl?: string;
  paths?: Record<string, string[]>;
}

/** The mapping a tsconfig file declares, or undefined when it declares none; never throws. */
export function readPathMapping(configFile: string, readText: (file: string) => string | undefined): PathMapping | undefined {
  const opts = collectOptions(configFile, readText, new Set());
  if (!opts.baseUrl && !opts.paths) return undefined;
  const baseUrl = opts.baseUrl ? path.resolve(opts.baseUrl.dir, opts.baseUrl.value) : undefined;
  const pathsBase = baseUrl ?? opts.paths?.dir ?? path.dirname(configFile);
  const paths = Object.entries(opts.paths?.value ?? {})
    .filter(([, targets]) => Array.isArray(targets))
    .map(([pattern, targets]) => ({ pattern, targets: targets.filter((t) => typeof t === "string").map((t) => path.resolve(pathsBase, t)) }))
    // Longest prefix first, as TypeScript picks the most specific pattern.
    .sort((a, b) => b.pattern.indexOf("*") - a.pattern.indexOf("*") || b.pattern.length - a.pattern.length);
  return { baseUrl, paths };
}

interface Located<T> {
  value: T;
  dir: string;
}

function collectOptions(
  configFile: string,
  readText: (file: string) => string | undefined,
  seen: Set<string>,
): { baseUrl?: Located<string>; paths?: Located<Record<string, string[]>> } {
  if (seen.has(configFile)) return {};
  seen.add(configFile);
  const text = readText(configFile);
  if (text === undefined) return {};
  const { config } = ts.parseConfigFileTextToJson(configFile, text);
  if (!config || typeof config !== "object") return {};
  const dir = path.dirname(configFile);
  // `extends` is a string or (TypeScript 5+) an array whose later entries override earlier ones.
  let inherited: ReturnType<typeof collectOptions> = {};
  const bases: unknown[] = Array.isArray(config.extends) ? config.extends : [config.extends];
  for (const base of bases) {
    if (typeof base !== "string") continue;
    const file = baseConfigFile(dir, base, readText);
    if (!file) continue;
    const opts = collectOptions(file, readText, seen);
    inherited = { baseUrl: opts.baseUrl ?? inherited.baseUrl, paths: opts.paths ?? inherited.paths };
  }
  const own = (config.compilerOptions ?? {}) as RawOptions;
  return {
    baseUrl: typeof own.baseUrl === "string" ? { value: own.baseUrl, dir } : inherited.baseUrl,
    paths: own.paths && typeof own.paths === "object" ? { value: own.paths, dir } : inherited.paths,
  };
}

/** The file an `extends` entry names: a relative path, or a package config under node_modules. */
function baseConfigFile(dir: string, spec: string, readText: (file: string) => string | undefined): string | undefined {
  const withJson = (p: string) => (p.endsWith(".json") ? p : p + ".json");
  if (spec.startsWith(".") || path.isAbsolute(spec)) return withJson(path.resolve(dir, spec));
  for (let d = dir; ; d = path.dirname(d)) {
    for (const candidate of [withJson(path.join(d, "node_modules", spec)), path.join(d, "node_modules", spec, "tsconfig.json")]) {
      if (readText(candidate) !== undefined) return candidate;
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/** Finds the tsconfig.json governing a directory (nearest one above it, up to a workspace root). */
export class TsconfigLookup {
  private readonly byDir = new Map<string, PathMapping | undefined>();

  constructor(
    private readonly roots: () => string[],
    private readonly readText: (file: string) => string | undefined,
  ) {}

  clear() {
    this.byDir.clear();
  }

  pathMappingFor(dir: string): PathMapping | undefined {
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    const config = path.join(dir, "tsconfig.json");
    const text = this.readText(config);
    let mapping: PathMapping | undefined;
    if (text !== undefined) mapping = readPathMapping(config, this.readText);
    else {
      const parent = path.dirname(dir);
      const atRoot = parent === dir || this.roots().some((r) => path.resolve(r) === path.resolve(dir));
      mapping = atRoot ? undefined : this.pathMappingFor(parent);
    }
    this.byDir.set(dir, mapping);
    return mapping;
  }
}
