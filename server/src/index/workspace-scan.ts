// Finds the files the index reads: TypeScript sources outside node_modules, build output and a project's
// data/ (its storage root), plus the files where labels appear as strings (.vscode/tasks.json, YAML
// patch and config files) and package.json files.

import * as fs from "node:fs";
import * as path from "node:path";
import type { TimeSlices } from "./time-slices";

/** Directories never indexed: dependencies and build output. */
const SKIPPED_DIRS = new Set(["node_modules", "dist", "out", "build", ".gluepy", ".git"]);
/** Files that mark a project folder, whose `data/` is the storage root (run data, not sources). */
const PROJECT_MARKERS = ["package.json", "gluepy.config.ts"];

/** A folder the index skips; `parentIsProject` tells whether the folder holding it is a project folder. */
function skipsDir(name: string, parentIsProject: () => boolean): boolean {
  if (SKIPPED_DIRS.has(name) || (name.startsWith(".") && name !== ".vscode")) return true;
  // A project's data/ holds runs; a data/ folder deeper in the sources (src/data/loaders.ts) is code.
  return name === "data" && parentIsProject();
}

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
  const dirs = file.slice(root.length + 1).split(path.sep).slice(0, -1);
  let parent = root;
  for (const d of dirs) {
    const here = parent;
    if (skipsDir(d, () => PROJECT_MARKERS.some((m) => fs.existsSync(path.join(here, m))))) return true;
    parent = path.join(parent, d);
  }
  return false;
}

export interface ScannedFiles {
  sources: string[];
  labelStrings: string[];
  /** package.json files: the workspace's own packages, for imports by package name. */
  manifests: string[];
  /** Every folder walked (the root included): what a fallback watcher watches. */
  dirs: string[];
}

/** Walks a workspace folder; unreadable directories are skipped, never fatal. */
export function scanWorkspace(root: string): ScannedFiles {
  const out = emptyScan();
  for (const _ of scanSteps(root, out));
  return out;
}

/** The same walk in time slices (the cold index), so requests are answered while a big tree is read. */
export async function scanWorkspaceInSlices(root: string, slices: TimeSlices): Promise<ScannedFiles> {
  const out = emptyScan();
  for (const _ of scanSteps(root, out)) if (slices.due) await slices.pause();
  return out;
}

function emptyScan(): ScannedFiles {
  return { sources: [], labelStrings: [], manifests: [], dirs: [] };
}

const ENTRIES_PER_STEP = 500;

/** Reads one directory a step (a big one in several), depth first. */
function* scanSteps(root: string, out: ScannedFiles): Generator<void> {
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    out.dirs.push(dir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    const isProject = () => entries.some((e) => e.isFile() && PROJECT_MARKERS.includes(e.name));
    const subdirs: string[] = [];
    for (let n = 0; n < entries.length; n++) {
      // A folder of thousands of files is read in steps too.
      if (n > 0 && n % ENTRIES_PER_STEP === 0) yield;
      const e = entries[n]!;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!skipsDir(e.name, isProject)) subdirs.push(full);
      } else if (e.isFile()) {
        if (isSourceFile(full)) out.sources.push(full);
        else if (isLabelStringFile(full)) out.labelStrings.push(full);
        else if (e.name === "package.json") out.manifests.push(full);
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    yield;
  }
}

export function readTextOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
