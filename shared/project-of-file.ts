// Which Gluepy project a file belongs to, for the language server (labels, duplicates, lenses are per
// project) and the extension (where `gluepy` runs). A project is the folder of its gluepy.config.ts, or of
// a package.json that depends on gluepy; a file belongs to the nearest such folder above it.
// Pure (no file system): the caller says which folders are project folders, from what it has read.

import { parseManifest } from "./package-manifest";

export const PROJECT_CONFIG_FILE = "gluepy.config.ts";

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];

/** Whether a package.json's text declares a dependency on gluepy (any kind); false when it does not parse. */
export function dependsOnGluepy(packageJson: string): boolean {
  const manifest = parseManifest(packageJson);
  if (!manifest) return false;
  return DEPENDENCY_FIELDS.some((field) => {
    const deps = manifest[field];
    return !!deps && typeof deps === "object" && Object.prototype.hasOwnProperty.call(deps, "gluepy");
  });
}

/** What a folder holds that can make it a project's. */
export interface FolderMarkers {
  hasConfig: boolean;
  /** The text of its package.json, if it has one. */
  packageJson?: string;
}

export function isProjectFolder(markers: FolderMarkers): boolean {
  return markers.hasConfig || (markers.packageJson !== undefined && dependsOnGluepy(markers.packageJson));
}

/**
 * The project folder of `file` (an absolute path, `/` or `\` separated): the nearest folder above it, up to
 * and including the workspace folder that holds it, for which `isProject` is true. A file in no project
 * belongs to its workspace folder (the innermost that holds it), and a file outside every workspace folder
 * to the nearest project above it, else to its own folder: there is always one answer, so every file is
 * in exactly one scope.
 */
export function projectOfFile(file: string, workspaceFolders: readonly string[], isProject: (dir: string) => boolean): string {
  const folder = innermostFolderOf(file, workspaceFolders);
  for (let dir = parentOf(file); dir !== undefined; dir = parentOf(dir)) {
    if (isProject(dir)) return dir;
    if (dir === folder) return folder;
  }
  return parentOf(file) ?? file;
}

/** The innermost workspace folder that holds `file`, if any. */
export function innermostFolderOf(file: string, workspaceFolders: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const f of workspaceFolders) {
    const root = trimSeparator(f);
    if (isInside(file, root) && (best === undefined || root.length > best.length)) best = root;
  }
  return best;
}

/** `path` is `dir` or lies below it. */
export function isInside(path: string, dir: string): boolean {
  if (path === dir) return true;
  const d = trimSeparator(dir);
  if (!path.startsWith(d) || path.length <= d.length) return false;
  // A root ("/", "C:\") ends with its separator already.
  return isSeparator(d.charCodeAt(d.length - 1)) || isSeparator(path.charCodeAt(d.length));
}

/** The folder holding `path`; undefined at a file system root ("/", "C:\"). */
function parentOf(path: string): string | undefined {
  const p = trimSeparator(path);
  let i = p.length - 1;
  while (i >= 0 && !isSeparator(p.charCodeAt(i))) i--;
  if (i < 0) return undefined;
  const parent = p.slice(0, i);
  // "/a" → "/", "C:\a" → "C:\"
  if (parent === "" || /^[A-Za-z]:$/.test(parent)) return parent + p[i] === p ? undefined : parent + p[i];
  return parent;
}

function trimSeparator(path: string): string {
  return path.length > 1 && isSeparator(path.charCodeAt(path.length - 1)) && !/^[A-Za-z]:[\\/]$/.test(path) ? path.slice(0, -1) : path;
}

function isSeparator(c: number): boolean {
  return c === 47 || c === 92;
}
