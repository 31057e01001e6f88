// esbuild for the loader: required only on a cache miss (starting it costs tens of milliseconds),
// stopped as soon as the loader is done with it (its service process must not outlive the CLI), its
// version (part of every cache key), and its errors turned into ProjectLoadErrors.

import { resolve } from "node:path";
import type { Message } from "esbuild";
import { requireWithCodeCache, tempCodeCacheFile } from "./code-cache";
import { ProjectLoadError } from "./load-error";

export type Esbuild = typeof import("esbuild");
let loaded: Esbuild | undefined;

/** esbuild's JavaScript API, compiled through V8's code cache: compiling it costs a first run after an edit several milliseconds. */
export function esbuild(): Esbuild {
  if (loaded) return loaded;
  const file = require.resolve("esbuild");
  return (loaded = requireWithCodeCache(file, tempCodeCacheFile(file)) as Esbuild);
}

/** Ends esbuild's service process, if one was started (a later call starts a new one). */
export function stopEsbuild(): void {
  loaded?.stop();
}

/** Written into the runtime's bundles when they are built (esbuild.config.mjs), from the esbuild they then require. */
declare const GLUEPY_BUNDLED_ESBUILD_VERSION: string | undefined;

let version: string | undefined;
/** Part of every cache key. The bundles know it: resolving esbuild's package.json costs every warm start ~2 ms. */
export function esbuildVersion(): string {
  if (version) return version;
  const bundled = typeof GLUEPY_BUNDLED_ESBUILD_VERSION === "string" ? GLUEPY_BUNDLED_ESBUILD_VERSION : undefined;
  return (version = bundled ?? (require("esbuild/package.json") as { version: string }).version);
}

/** The first error esbuild reports, as a ProjectLoadError at its file and line; other errors as they are. */
export function toLoadError(error: unknown, fallbackFile: string, workingDir = "/"): unknown {
  const first = (error as { errors?: Message[] }).errors?.[0];
  if (!first) return error;
  const loc = first.location;
  const file = loc?.file ? resolve(workingDir, loc.file) : fallbackFile;
  const excerpt = loc ? `\n    ${loc.lineText}\n    ${" ".repeat(loc.column)}^` : "";
  return new ProjectLoadError(`Syntax error: ${first.text}${excerpt}`, file, loc?.line, loc ? loc.column + 1 : undefined, error);
}
