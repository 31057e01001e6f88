// TypeScript → CommonJS for the require hook, with esbuild (started only on a cache miss) and inline
// source maps, so stack traces point at the user's .ts lines.

import { readFileSync } from "node:fs";
import { extname } from "node:path";
import type { Message, TransformOptions } from "esbuild";
import { ProjectLoadError } from "./load-error";
import { TransformCache } from "./transform-cache";

type Esbuild = typeof import("esbuild");
let esbuild: Esbuild | undefined;

/** Bump when the options below change: part of every cache key. */
const OPTIONS_VERSION = "1";

function esbuildVersion(): string {
  return (require("esbuild/package.json") as { version: string }).version;
}

export class TypeScriptTransformer {
  private readonly cache: TransformCache | undefined;

  constructor(cacheDir: string | undefined) {
    this.cache = cacheDir ? new TransformCache(cacheDir, `${esbuildVersion()}:${OPTIONS_VERSION}`) : undefined;
  }

  /** The source text and CommonJS code of one .ts/.mts/.tsx file. Throws ProjectLoadError on a syntax error. */
  transform(filename: string): { source: string; code: string } {
    const source = readFileSync(filename, "utf8");
    const key = this.cache?.key(filename, source);
    const hit = key ? this.cache!.get(key) : undefined;
    if (hit !== undefined) return { source, code: hit };
    const code = compile(filename, source);
    if (key) this.cache!.set(key, code);
    return { source, code };
  }
}

function compile(filename: string, source: string): string {
  esbuild ??= require("esbuild") as Esbuild;
  const options: TransformOptions = {
    loader: extname(filename) === ".tsx" ? "tsx" : "ts",
    format: "cjs",
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    sourcemap: "inline",
    sourcefile: filename,
  };
  try {
    return esbuild.transformSync(source, options).code;
  } catch (e) {
    const first = (e as { errors?: Message[] }).errors?.[0];
    if (!first) throw e;
    const loc = first.location;
    const excerpt = loc ? `\n    ${loc.lineText}\n    ${" ".repeat(loc.column)}^` : "";
    throw new ProjectLoadError(`Syntax error: ${first.text}${excerpt}`, filename, loc?.line, loc ? loc.column + 1 : undefined, e);
  }
}
