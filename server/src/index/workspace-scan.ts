// Finds the files the index reads: TypeScript sources outside node_modules and build output, plus the
// files where labels appear as strings (.vscode/tasks.json, YAML patch and config files).

import * as fs from "node:fs";
import * as path from "node:path";

/** Directories never indexed: dependencies, build output, run data. */
const SKIPPED_DIRS = new Set(["node_modules", "dist", "out", "build", ".gluepy", "data", ".git"]);

export function isSourceFile(file: string): boolean {
  return /\.(ts|mts|tsx)$/.test(file) && !file.endsWith(".d.ts") && !file.endsWith(".d.mts");
}

export function isLabelStringFile(file: string): boolean {
  return /\.ya?ml$/.test(file) || file.endsWith(`${path.sep}.vscode${path.sep}tasks.json`);
}

/** True when a path lies outside every workspace folder or in a directory the index skips. */
export function isExcluded(file: string, roots: string[]): boolean {
  const root = roots.find((r) => file.startsWith(r + path.sep));
  if (!root) return true;
  const rel = file.slice(root.length + 1);
  return rel.split(path.sep).slice(0, -1).some((d) => SKIPPED_DIRS.has(d) || (d.startsWith(".") && d !== ".vscode"));
}

export interface ScannedFiles {
  sources: string[];
  labelStrings: string[];
  /** package.json files: the workspace's own packages, for imports by package name. */
  manifests: string[];
}

/** Walks a workspace folder; unreadable directories are skipped, never fatal. */
export function scanWorkspace(root: string): ScannedFiles {
  const out: ScannedFiles = { sources: [], labelStrings: [], manifests: [] };
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && (!e.name.startsWith(".") || e.name === ".vscode")) walk(full);
      } else if (e.isFile()) {
        if (isSourceFile(full)) out.sources.push(full);
        else if (isLabelStringFile(full)) out.labelStrings.push(full);
        else if (e.name === "package.json") out.manifests.push(full);
      }
    }
  };
  walk(root);
  return out;
}

export function readTextOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
