// Local disk storage (Gluepy's LocalStorage): files under one root folder. Every path is checked twice:
// lexically (no ".." above the root, no absolute path) and on disk (no symlink that leads out of the root).

import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as nodePath from "node:path";
import { type Storage, type StorageContent, StorageNotFoundError, StoragePathError } from "./base";
import { normalizeStoragePath, runFolderPath } from "./paths";

/** Ends the name of a file being written (renamed to its real name when complete); ls leaves them out. */
const PARTIAL_SUFFIX = ".gluepy-partial";

export class LocalStorage implements Storage {
  readonly root: string;
  /** The root's realpath, remembered once the root exists (it is needed for every path check). */
  private realRoot: string | undefined;

  constructor(root: string) {
    this.root = nodePath.resolve(root);
  }

  async touch(path: string, content: StorageContent): Promise<void> {
    const file = await this.resolveFile(path);
    await fs.mkdir(nodePath.dirname(file), { recursive: true });
    // Write beside the target and rename: a reader never sees half a file, even after a crash.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}${PARTIAL_SUFFIX}`;
    try {
      await fs.writeFile(tmp, content);
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw this.explain(err, path);
    }
  }

  async open(path: string): Promise<Buffer> {
    const file = await this.resolveFile(path);
    try {
      return await fs.readFile(file);
    } catch (err) {
      throw this.explain(err, path);
    }
  }

  async rm(path: string): Promise<void> {
    const target = await this.resolveFile(path);
    await fs.rm(target, { recursive: true, force: true });
  }

  async cp(src: string, dest: string): Promise<void> {
    const from = await this.resolve(src);
    const to = await this.resolveFile(dest);
    try {
      await fs.cp(from, to, { recursive: true, force: true });
    } catch (err) {
      throw this.explain(err, src);
    }
  }

  async ls(path: string): Promise<{ files: string[]; dirs: string[] }> {
    const dir = await this.resolve(path);
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      throw this.explain(err, path);
    }
    const files: string[] = [];
    const dirs: string[] = [];
    for (const entry of entries) {
      if (entry.name.endsWith(PARTIAL_SUFFIX)) continue; // a write still in progress
      // A symlink is listed as what it points to, when that is inside the root.
      const kind = entry.isSymbolicLink() ? await this.kindOf(nodePath.join(dir, entry.name)) : entry;
      if (kind?.isDirectory()) dirs.push(entry.name);
      else if (kind?.isFile()) files.push(entry.name);
    }
    return { files: files.sort(), dirs: dirs.sort() };
  }

  async mkdir(path: string): Promise<void> {
    await fs.mkdir(await this.resolve(path), { recursive: true });
  }

  async isdir(path: string): Promise<boolean> {
    return (await this.kindOf(await this.resolve(path)))?.isDirectory() ?? false;
  }

  async isfile(path: string): Promise<boolean> {
    return (await this.kindOf(await this.resolve(path)))?.isFile() ?? false;
  }

  async exists(path: string): Promise<boolean> {
    return (await this.kindOf(await this.resolve(path))) !== undefined;
  }

  runpath(path: string): string {
    return runFolderPath(path);
  }

  abspath(path: string): string {
    return nodePath.join(this.root, normalizeStoragePath(path));
  }

  /** The absolute path of `path`, refused when it, or a symlink on the way, leads out of the root. */
  private async resolve(path: string): Promise<string> {
    const abs = this.abspath(path);
    const [realRoot, realTarget] = await Promise.all([this.realRoot ?? this.findRealRoot(), realpathOfExisting(abs)]);
    if (realTarget !== realRoot && !realTarget.startsWith(realRoot + nodePath.sep)) throw new StoragePathError(path);
    return abs;
  }

  private async findRealRoot(): Promise<string> {
    try {
      return (this.realRoot = await fs.realpath(this.root));
    } catch (err) {
      if (isMissing(err)) return realpathOfExisting(this.root);
      throw err;
    }
  }

  /** Like resolve, for paths that must name something inside the root, not the root itself. */
  private async resolveFile(path: string): Promise<string> {
    if (normalizeStoragePath(path) === "") throw new Error(`'${path}' names the storage root, not a file; give a path inside it.`);
    return this.resolve(path);
  }

  private async kindOf(abs: string): Promise<import("node:fs").Stats | undefined> {
    try {
      return await fs.stat(abs);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  private explain(err: unknown, path: string): unknown {
    if (isMissing(err)) return new StorageNotFoundError(path, this.abspath(path));
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EISDIR") return new Error(`'${path}' is a folder in storage (${this.abspath(path)}); give a file path.`);
    if (code === "ENOTDIR") return new Error(`'${path}' is not a folder in storage (${this.abspath(path)}): a part of it is a file.`);
    return err;
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** realpath of the deepest part of `abs` that exists, with the rest appended: a path need not exist yet. */
async function realpathOfExisting(abs: string): Promise<string> {
  const rest: string[] = [];
  let current = abs;
  for (;;) {
    try {
      return nodePath.join(await fs.realpath(current), ...rest.reverse());
    } catch (err) {
      const parent = nodePath.dirname(current);
      if (!isMissing(err) || parent === current) throw err;
      rest.push(nodePath.basename(current));
      current = parent;
    }
  }
}
