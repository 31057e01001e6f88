// Reads the static facts of a project's modules without executing any: each module's TypeScript is turned
// into JS by esbuild (types erased, so type-only imports are gone) and parsed with acorn. Facts are cached in
// .gluepy/cache/module-facts.json by content hash, checked first by size and mtime, so a warm start only
// stats the files and an edit re-reads the edited module alone. esbuild starts only when a module changed,
// and is stopped before this returns (no process outlives the CLI).

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { esbuild, esbuildVersion, stopEsbuild } from "./esbuild-service";
import { readModuleFacts } from "./module-facts";
import type { ScannedModule } from "./project-index";

/** Bump when the facts' shape or how they are read changes. */
const FACTS_VERSION = "1";

interface CachedModule {
  size: number;
  mtimeMs: number;
  hash: string;
  scanned: ScannedModule;
}

interface FactsCache {
  salt: string;
  modules: Record<string, CachedModule>;
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** The facts of each file (a file that cannot be read is left out: it is not a module any more). */
export async function scanModules(files: readonly string[], cacheDir: string): Promise<Map<string, ScannedModule>> {
  const cacheFile = join(cacheDir, "module-facts.json");
  const salt = `${FACTS_VERSION}:${esbuildVersion()}`;
  const cache = readCache(cacheFile, salt);
  const result = new Map<string, ScannedModule>();
  const next: FactsCache = { salt, modules: {} };
  const changed: { file: string; source: string; entry: CachedModule }[] = [];
  let dirty = false;

  for (const file of files) {
    let st;
    try {
      st = statSync(file);
    } catch {
      dirty = true;
      continue;
    }
    const known = cache?.modules[file];
    if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) {
      result.set(file, known.scanned);
      next.modules[file] = known;
      continue;
    }
    dirty = true;
    const source = readFileSync(file, "utf8");
    const hash = sha1(source);
    if (known && known.hash === hash) {
      const entry = { ...known, size: st.size, mtimeMs: st.mtimeMs };
      result.set(file, entry.scanned);
      next.modules[file] = entry;
      continue;
    }
    const entry: CachedModule = { size: st.size, mtimeMs: st.mtimeMs, hash, scanned: { error: "" } };
    next.modules[file] = entry;
    changed.push({ file, source, entry });
  }
  if (changed.length > 0) {
    try {
      await Promise.all(
        changed.map(async ({ file, source, entry }) => {
          entry.scanned = await scanSource(file, source);
          result.set(file, entry.scanned);
        }),
      );
    } finally {
      stopEsbuild();
    }
  }
  if (dirty || !cache || Object.keys(cache.modules).length !== Object.keys(next.modules).length) writeCache(cacheFile, next);
  return result;
}

async function scanSource(file: string, source: string): Promise<ScannedModule> {
  const ext = extname(file);
  const loader = ext === ".tsx" ? "tsx" : ext === ".jsx" ? "jsx" : ext === ".js" || ext === ".mjs" || ext === ".cjs" ? "js" : "ts";
  let code: string;
  try {
    // No output format: esbuild keeps the module's own import/export statements (and an anonymous default class).
    code = (await esbuild().transform(source, { loader, target: "esnext", sourcefile: file, logLevel: "silent" })).code;
  } catch (error) {
    return { error: String((error as { errors?: { text: string }[] }).errors?.[0]?.text ?? error) };
  }
  return { facts: readModuleFacts(code) };
}

function readCache(file: string, salt: string): FactsCache | undefined {
  try {
    const cache = JSON.parse(readFileSync(file, "utf8")) as FactsCache;
    return cache.salt === salt ? cache : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a read-only project scans again next time. */
function writeCache(file: string, cache: FactsCache): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(cache));
    renameSync(tmp, file);
  } catch {
    // Not cached.
  }
}
