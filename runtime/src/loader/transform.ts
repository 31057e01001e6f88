// TypeScript → CommonJS, one file at a time, for the require hook (the settings file and command
// modules; the project's other modules load as one bundle): esbuild started only on a cache miss,
// inline source maps so stack traces point at the user's .ts lines.

import { readFileSync } from "node:fs";
import { extname } from "node:path";
import type { TransformOptions } from "esbuild";
import { esbuild, esbuildVersion, toLoadError } from "./esbuild-service";
import { TransformCache } from "./transform-cache";

/** Bump when the options below change: part of every cache key. */
const OPTIONS_VERSION = "1";

export class TypeScriptTransformer {
  /** Made on the first transform: a project with no settings file or command module never needs it. */
  private cache: TransformCache | undefined;

  constructor(private readonly cacheDir: string | undefined) {}

  /** The CommonJS code of one .ts/.mts/.tsx file. Throws ProjectLoadError on a syntax error. */
  transform(filename: string): string {
    const source = readFileSync(filename, "utf8");
    if (this.cacheDir) this.cache ??= new TransformCache(this.cacheDir, `${esbuildVersion()}:${OPTIONS_VERSION}`);
    const key = this.cache?.key(filename, source);
    const hit = key ? this.cache!.get(key) : undefined;
    if (hit !== undefined) return hit;
    const code = compile(filename, source);
    if (key) this.cache!.set(key, code);
    return code;
  }
}

function compile(filename: string, source: string): string {
  const options: TransformOptions = {
    loader: extname(filename) === ".tsx" ? "tsx" : "ts",
    format: "cjs",
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    sourcemap: "inline",
    sourcefile: filename,
  };
  try {
    return esbuild().transformSync(source, options).code;
  } catch (e) {
    throw toLoadError(e, filename);
  }
}
