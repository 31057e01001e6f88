// Turns an import specifier into the indexed file it names, the way TypeScript's bundler resolution
// would: relative paths, `.js`→`.ts`, `index.ts`, tsconfig `baseUrl`/`paths`, and the workspace's own
// packages by name. "gluepy" is the runtime.

import * as path from "node:path";
import { splitPackageSpecifier, type WorkspacePackage } from "./workspace-packages";

export type ModuleTarget = { kind: "gluepy" } | { kind: "file"; path: string };

/** The `baseUrl`/`paths` of the tsconfig that governs a directory (paths already made absolute). */
export interface PathMapping {
  baseUrl?: string;
  paths: { pattern: string; targets: string[] }[];
}

export interface ModuleResolverHost {
  hasFile(file: string): boolean;
  /** The mapping of the nearest tsconfig.json above `dir`, if any. */
  pathMappingFor(dir: string): PathMapping | undefined;
  /** A package of the workspace by its package.json name. */
  workspacePackage(name: string): WorkspacePackage | undefined;
}

const TS_EXTS = [".ts", ".tsx", ".mts"];
const JS_TO_TS: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"] };

export class ModuleResolver {
  private readonly cache = new Map<string, { target: ModuleTarget | undefined; absent: string[] }>();
  /**
   * Paths looked for and not found → the resolution keys that looked and the files importing through
   * them: when such a path appears (the cold load adds files), exactly those answers may change.
   */
  private readonly awaited = new Map<string, { keys: Set<string>; importers: Set<string> }>();
  /** Paths probed by the lookup under way. */
  private probed: string[] = [];

  constructor(private readonly host: ModuleResolverHost) {}

  /**
   * Files were added: forgets the answers that looked for them, and returns the files whose imports went
   * through those answers (what they resolve to may change now).
   */
  filesAppeared(files: Iterable<string>): Set<string> {
    const importers = new Set<string>();
    for (const f of files) {
      const waiting = this.awaited.get(f);
      if (!waiting) continue;
      this.awaited.delete(f);
      for (const k of waiting.keys) this.cache.delete(k);
      for (const i of waiting.importers) importers.add(i);
    }
    return importers;
  }

  /** Forget cached answers (the set of files or a tsconfig changed). */
  clear() {
    this.cache.clear();
    this.awaited.clear();
  }

  resolve(fromFile: string, spec: string): ModuleTarget | undefined {
    if (spec === "gluepy" || spec.startsWith("gluepy/")) return { kind: "gluepy" };
    const dir = path.dirname(fromFile);
    const key = dir + "\0" + spec;
    let hit = this.cache.get(key);
    if (!hit) {
      this.probed = [];
      const found = this.lookup(dir, spec);
      // Every path probed before the answer was absent: one of them appearing would change it.
      hit = { target: found ? { kind: "file", path: found } : undefined, absent: this.probed.filter((p) => p !== found) };
      this.cache.set(key, hit);
    }
    for (const p of hit.absent) {
      let waiting = this.awaited.get(p);
      if (!waiting) this.awaited.set(p, (waiting = { keys: new Set(), importers: new Set() }));
      waiting.keys.add(key);
      waiting.importers.add(fromFile);
    }
    return hit.target;
  }

  private lookup(dir: string, spec: string): string | undefined {
    if (spec.startsWith("./") || spec.startsWith("../") || spec === "." || spec === "..") return this.asFile(path.resolve(dir, spec));
    if (path.isAbsolute(spec)) return this.asFile(spec);
    const mapping = this.host.pathMappingFor(dir);
    for (const { pattern, targets } of mapping?.paths ?? []) {
      const star = matchPattern(pattern, spec);
      if (star === undefined) continue;
      for (const t of targets) {
        const hit = this.asFile(t.replace("*", star));
        if (hit) return hit;
      }
    }
    const viaBaseUrl = mapping?.baseUrl ? this.asFile(path.resolve(mapping.baseUrl, spec)) : undefined;
    return viaBaseUrl ?? this.inWorkspacePackage(spec);
  }

  private inWorkspacePackage(spec: string): string | undefined {
    const [name, subpath] = splitPackageSpecifier(spec);
    const pkg = this.host.workspacePackage(name);
    if (!pkg) return undefined;
    if (subpath) return this.asFile(path.join(pkg.dir, subpath)) ?? this.asFile(path.join(pkg.dir, "src", subpath));
    for (const entry of pkg.entries) {
      const hit = this.asFile(entry) ?? this.asFile(stripExtension(entry));
      if (hit) return hit;
    }
    return this.asFile(path.join(pkg.dir, "src", "index")) ?? this.asFile(path.join(pkg.dir, "index"));
  }

  private asFile(base: string): string | undefined {
    for (const c of candidates(base)) {
      this.probed.push(c);
      if (this.host.hasFile(c)) return c;
    }
    return undefined;
  }
}

function stripExtension(file: string): string {
  return file.replace(/\.(m?[jt]sx?)$/, "");
}

function candidates(base: string): string[] {
  const ext = path.extname(base);
  const out: string[] = [];
  if (JS_TO_TS[ext]) for (const t of JS_TO_TS[ext]) out.push(base.slice(0, -ext.length) + t);
  if (TS_EXTS.includes(ext)) out.push(base);
  for (const t of TS_EXTS) out.push(base + t);
  for (const t of TS_EXTS) out.push(path.join(base, "index" + t));
  return out;
}

/** The text matched by `*` in a tsconfig paths pattern, "" for an exact match, undefined for no match. */
export function matchPattern(pattern: string, spec: string): string | undefined {
  const star = pattern.indexOf("*");
  if (star < 0) return pattern === spec ? "" : undefined;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  if (spec.length < prefix.length + suffix.length || !spec.startsWith(prefix) || !spec.endsWith(suffix)) return undefined;
  return spec.slice(prefix.length, spec.length - suffix.length);
}
