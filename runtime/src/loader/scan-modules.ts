// Reads the static facts of a project's modules without executing any: each module's TypeScript is turned
// into JS by esbuild (types erased, so type-only imports are gone) and parsed with acorn. Facts are cached in
// .gluepy/cache/module-facts.json by content hash, checked first by size and mtime, so an edit re-reads the
// edited module alone; the project index made from them is cached too (project-index.json), so a warm start
// only stats the files. esbuild starts only when a module changed (the loader stops it when it is done).

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { esbuild, esbuildVersion } from "./esbuild-service";
import { prepareFactsReader, readModuleFacts } from "./module-facts";
import { indexProject, type ProjectIndex, type ScannedModule } from "./project-index";
import { moduleResolver } from "./resolve-module";

/** Bump when the facts' shape or how they are read changes. */
const FACTS_VERSION = "3";

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

interface IndexCache {
  salt: string;
  /** Every file's path, size and mtime, hashed: any change (an edit, a new or removed file) misses. */
  stamp: string;
  index: ProjectIndex;
}

type Stats = Map<string, { size: number; mtimeMs: number }>;

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** The index of the project's modules `files`, from the cache while none of them changed. */
export async function indexProjectModules(files: readonly string[], cacheDir: string): Promise<ProjectIndex> {
  const salt = `${FACTS_VERSION}:${esbuildVersion()}`;
  const stats: Stats = new Map();
  for (const file of files) {
    try {
      const st = statSync(file);
      stats.set(file, { size: st.size, mtimeMs: st.mtimeMs });
    } catch {
      // Gone since the folder was read: not a module any more.
    }
  }
  const stamp = sha1([...stats].map(([f, st]) => `${f}\0${st.size}\0${st.mtimeMs}`).join("\n"));
  const indexFile = join(cacheDir, "project-index.json");
  const cached = readJson<IndexCache>(indexFile);
  if (cached?.salt === salt && cached.stamp === stamp) return cached.index;
  const index = indexProject(await scanModules(stats, cacheDir, salt), moduleResolver());
  writeJson(indexFile, { salt, stamp, index } satisfies IndexCache);
  return index;
}

/** The facts of each file. */
async function scanModules(stats: Stats, cacheDir: string, salt: string): Promise<Map<string, ScannedModule>> {
  const cacheFile = join(cacheDir, "module-facts.json");
  const read = readJson<FactsCache>(cacheFile);
  const cache = read?.salt === salt ? read : undefined;
  const result = new Map<string, ScannedModule>();
  const next: FactsCache = { salt, modules: {} };
  const changed: { file: string; source: string; entry: CachedModule }[] = [];
  let dirty = false;

  for (const [file, st] of stats) {
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
    const scans = changed.map(async ({ file, source, entry }) => {
      entry.scanned = await scanSource(file, source);
      result.set(file, entry.scanned);
    });
    // esbuild (a process of its own) starts and compiles meanwhile.
    prepareFactsReader();
    await Promise.all(scans);
  }
  if (dirty || !cache || Object.keys(cache.modules).length !== Object.keys(next.modules).length) writeJson(cacheFile, next);
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

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Best effort: a read-only project scans again next time. */
function writeJson(file: string, value: unknown): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, file);
  } catch {
    // Not cached.
  }
}
