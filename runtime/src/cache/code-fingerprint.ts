// The code part of a task's fingerprint (issue 13; files keyed and hashed as shared/code-fingerprint.ts
// says): the source of the task's module and of every project module it imports, transitively, as the
// loader's static facts say (project-index.ts: no re-parse), the gluepy version, and the versions of the
// packages those modules import. Computed once per run; each file is read and hashed once however many
// tasks reach it.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { CODE_HASH } from "../../../shared/code-fingerprint";
import type { TaskFingerprint } from "../../../shared/run-cache";
import type { ProjectIndex } from "../loader/project-index";
import { GLUEPY_VERSION } from "../version";

export type TaskCode = Omit<TaskFingerprint, "context">;

export interface CodeSources {
  projectDir: string;
  index: ProjectIndex;
  /** The file that declares a task class, when the loader saw it. */
  moduleOf(taskClass: Function): string | undefined;
}

/** Per task class, its code fingerprint, or undefined when it cannot be computed (its module is unknown, a file unreadable). */
export class CodeFingerprints {
  private readonly fileHashes = new Map<string, string | undefined>();
  private readonly versions = new Map<string, string>();
  private readonly byModule = new Map<string, TaskCode | undefined>();

  constructor(private readonly sources: CodeSources) {}

  of(taskClass: Function): TaskCode | undefined {
    const file = this.sources.moduleOf(taskClass);
    if (file === undefined) return undefined;
    if (!this.byModule.has(file)) this.byModule.set(file, this.compute(file));
    return this.byModule.get(file);
  }

  private compute(entry: string): TaskCode | undefined {
    const { index, projectDir } = this.sources;
    const code: Record<string, string> = {};
    const packages: Record<string, string> = {};
    const seen = new Set<string>();
    const stack = [entry];
    while (stack.length > 0) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const hash = this.hashOf(file);
      if (hash === undefined) return undefined;
      code[path.relative(projectDir, file).split(path.sep).join("/")] = hash;
      for (const name of index.packages?.[file] ?? []) packages[name] = this.versionOf(name);
      stack.push(...(index.imports[file] ?? []));
    }
    return { code: sorted(code), packages: sorted(packages), gluepy: GLUEPY_VERSION };
  }

  private hashOf(file: string): string | undefined {
    if (!this.fileHashes.has(file)) {
      let hash: string | undefined;
      try {
        hash = createHash(CODE_HASH.algorithm).update(readFileSync(file)).digest(CODE_HASH.encoding);
      } catch {
        hash = undefined;
      }
      this.fileHashes.set(file, hash);
    }
    return this.fileHashes.get(file);
  }

  /** The installed version, as Node would find the package from the project (node_modules up the folders). */
  private versionOf(name: string): string {
    let version = this.versions.get(name);
    if (version !== undefined) return version;
    version = "missing";
    for (let dir = this.sources.projectDir; ; dir = path.dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")) as { version?: unknown };
        version = typeof pkg.version === "string" ? pkg.version : "unknown";
        break;
      } catch {
        if (path.dirname(dir) === dir) break;
      }
    }
    this.versions.set(name, version);
    return version;
  }
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
