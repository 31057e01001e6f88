// The server's view of the workspace: every indexed file from disk, overridden by open buffers, kept
// current by edits (debounced per file) and by changes on disk, and the projects the files belong to.
// Reports each index change to a listener. The cold load runs in time slices: requests are answered from
// what is indexed so far, and edits during it join the load instead of re-checking a half-built index.

import * as fs from "node:fs";
import * as path from "node:path";
import { isProjectFolder, PROJECT_CONFIG_FILE, projectOfFile } from "../../shared/project-of-file";
import { extractFacts } from "./index/extract-facts";
import type { FileFacts } from "./index/facts";
import { extractLabelStrings, type LabelString } from "./index/label-strings";
import { TsconfigLookup } from "./index/tsconfig";
import { readWorkspacePackage, type WorkspacePackage } from "./index/workspace-packages";
import { TimeSlices } from "./index/time-slices";
import { type IndexChange, type IndexEntry, WorkspaceIndex } from "./index/workspace-index";
import { isExcluded, isLabelStringFile, isSourceFile, readTextOrUndefined, scanWorkspace, scanWorkspaceInSlices } from "./index/workspace-scan";
import { pathToUri } from "./transport/uris";

const EMPTY_FACTS: FileFacts = { classes: [], imports: [], exports: [], reexports: [], starExports: [], importInsertLine: 0 };

export class Workspace {
  readonly index: WorkspaceIndex;
  readonly labelStrings = new Map<string, LabelString[]>();
  roots: string[] = [];
  private readonly tsconfigs: TsconfigLookup;
  private readonly open = new Map<string, { uri: string; text: string }>();
  /**
   * Files to re-check on the next turn of the event loop (setImmediate, not a timer: `setTimeout(0)` waits
   * at least 1 ms). Changes already received by then are merged (each parse reads the newest text); keystrokes
   * come tens of milliseconds apart, slower than a re-check, so a longer wait would merge nothing and only add
   * to the edit → diagnostics time (issue 10: p95 ≤ 10 ms).
   */
  private readonly pending = new Map<string, NodeJS.Immediate>();
  /** The workspace's own packages by name, and the name each package.json declared. */
  private readonly packages = new Map<string, WorkspacePackage>();
  private readonly manifestNames = new Map<string, string>();
  /** Project folders (shared/project-of-file.ts): those holding gluepy.config.ts, those whose package.json depends on gluepy. */
  private readonly configDirs = new Set<string>();
  private readonly packageProjectDirs = new Set<string>();
  private readonly projectOfCache = new Map<string, string>();
  /** Counts cold loads: a load that sees a newer one started gives up. */
  private loads = 0;
  /** True while a cold load runs. */
  loading = false;
  /** Something changed during the cold load that needs every class re-checked at its end. */
  private rebuildWhenLoaded = false;

  constructor(
    private readonly onChange: (change: IndexChange) => void,
    /** Told about a failure while applying a change; the server logs it and keeps running. */
    private readonly onError: (what: string, err: unknown) => void = () => {},
  ) {
    this.tsconfigs = new TsconfigLookup(() => this.roots, readTextOrUndefined);
    this.index = new WorkspaceIndex({
      pathMappingFor: (dir) => this.tsconfigs.pathMappingFor(dir),
      workspacePackage: (name) => this.packages.get(name),
      projectOf: (file) => this.projectOf(file),
    });
  }

  /**
   * The cold scan of every workspace folder, in time slices. Resolves with the change to publish, or
   * undefined when a newer load (the workspace folders changed) took over.
   */
  async load(roots: string[]): Promise<IndexChange | undefined> {
    const run = ++this.loads;
    this.loading = true;
    this.rebuildWhenLoaded = false;
    this.resetFolders(roots);
    const before = this.index.beginLoad();
    const slices = new TimeSlices();
    const loaded = new Set<string>();
    let batch: IndexEntry[] = [];
    const add = (file: string, text: string) => {
      loaded.add(file);
      batch.push({ path: file, uri: this.uriOf(file), facts: parse(file, text) });
    };
    const settle = () => {
      if (batch.length > 0) this.index.addLoaded(batch);
      batch = [];
    };
    // Open buffers first (also those outside every folder): what the user looks at is answered first.
    for (const [file, doc] of this.open) if (isSourceFile(file)) add(file, doc.text);
    settle();
    for (const root of this.roots) {
      const { sources, labelStrings, manifests } = await scanWorkspaceInSlices(root, slices);
      if (run !== this.loads) return undefined;
      for (const file of manifests) this.readManifest(file);
      for (const file of sources) if (path.basename(file) === PROJECT_CONFIG_FILE) this.configDirs.add(path.dirname(file));
      this.projectOfCache.clear();
      for (const file of sources) {
        if (loaded.has(file)) continue;
        const text = readTextOrUndefined(file);
        if (text !== undefined) add(file, text);
        if (!slices.due) continue;
        settle();
        await slices.pause();
        if (run !== this.loads) return undefined;
      }
      settle();
      for (const file of labelStrings) this.readLabelStrings(file);
    }
    this.loading = false;
    if (this.rebuildWhenLoaded) this.index.rebuildAll();
    return this.index.finishLoad(before);
  }

  private resetFolders(roots: string[]) {
    this.roots = roots.map((r) => path.resolve(r));
    this.packages.clear();
    this.manifestNames.clear();
    this.labelStrings.clear();
    this.tsconfigs.clear();
    this.configDirs.clear();
    this.packageProjectDirs.clear();
    this.projectOfCache.clear();
  }

  /** The project folder a file belongs to (shared/project-of-file.ts). */
  projectOf(file: string): string {
    let project = this.projectOfCache.get(file);
    if (project === undefined) {
      project = projectOfFile(file, this.roots, (dir) => this.configDirs.has(dir) || this.packageProjectDirs.has(dir));
      this.projectOfCache.set(file, project);
    }
    return project;
  }

  uriOf(file: string): string {
    return this.open.get(file)?.uri ?? this.index.files.get(file)?.uri ?? pathToUri(file);
  }

  /** The current text of a file: the open buffer if there is one, else the file on disk. */
  textOf(file: string): string | undefined {
    return this.open.get(file)?.text ?? readTextOrUndefined(file);
  }

  isOpen(file: string): boolean {
    return this.open.has(file);
  }

  didOpen(file: string, uri: string, text: string) {
    this.open.set(file, { uri, text });
    this.schedule(file);
  }

  didChange(file: string, uri: string, text: string) {
    this.open.set(file, { uri, text });
    this.schedule(file);
  }

  didClose(file: string) {
    this.open.delete(file);
    this.schedule(file);
  }

  /** A file changed, appeared or disappeared on disk (watcher). Open buffers still win. */
  didChangeOnDisk(file: string) {
    if (path.basename(file) === "tsconfig.json") {
      this.tsconfigs.clear();
      this.rebuildAll();
      return;
    }
    if (path.basename(file) === "package.json") {
      if (isExcluded(file, this.roots)) return;
      this.readManifest(file);
      this.rebuildAll();
      return;
    }
    if (!isSourceFile(file) && !isLabelStringFile(file)) {
      // Other files do not matter; a folder (no extension) may hold sources.
      if (path.extname(file) === "" && !isExcluded(path.join(file, "x.ts"), this.roots)) this.folderChangedOnDisk(file);
      return;
    }
    if (!this.open.has(file)) this.schedule(file);
  }

  /** A folder created, moved or deleted as a whole: watchers may report only the folder. */
  private folderChangedOnDisk(dir: string) {
    const prefix = dir + path.sep;
    const known = [...this.index.files.keys(), ...this.labelStrings.keys()].filter((f) => f.startsWith(prefix));
    const found = isDirectory(dir) ? scanWorkspace(dir) : undefined;
    for (const f of [...known, ...(found?.sources ?? []), ...(found?.labelStrings ?? [])]) if (!this.open.has(f)) this.schedule(f);
  }

  /** Applies every pending edit now: requests answer on the text the user sees. */
  flush() {
    for (const file of [...this.pending.keys()]) this.apply(file);
  }

  dispose() {
    for (const t of this.pending.values()) clearImmediate(t);
    this.pending.clear();
  }

  private schedule(file: string) {
    const prev = this.pending.get(file);
    // A newer edit supersedes the pending one: its parse is cancelled.
    if (prev) clearImmediate(prev);
    this.pending.set(
      file,
      setImmediate(() => {
        // A callback that throws would end the process: report instead.
        try {
          this.apply(file);
        } catch (err) {
          this.onError(`re-checking ${file}`, err);
        }
      }),
    );
  }

  private apply(file: string) {
    const t = this.pending.get(file);
    if (t) clearImmediate(t);
    this.pending.delete(file);
    if (isLabelStringFile(file)) {
      this.readLabelStrings(file);
      return;
    }
    if (!isSourceFile(file)) return;
    const text = this.textOf(file);
    const inWorkspace = this.open.has(file) || !isExcluded(file, this.roots);
    const facts = text === undefined || !inWorkspace ? undefined : parse(file, text);
    // A gluepy.config.ts that appears or goes makes or unmakes a project: labels regroup.
    const projectsChanged = path.basename(file) === PROJECT_CONFIG_FILE && this.setProject(this.configDirs, path.dirname(file), facts !== undefined);
    // During the cold load an edit joins it.
    if (this.loading && facts) this.index.addLoaded([{ path: file, uri: this.uriOf(file), facts }]);
    else this.onChange(this.index.update(file, this.uriOf(file), facts));
    if (projectsChanged) this.rebuildAll();
  }

  /** Re-checks everything (a tsconfig, package.json or project changed); during the cold load, once at its end. */
  private rebuildAll() {
    if (this.loading) this.rebuildWhenLoaded = true;
    else this.onChange(this.index.rebuildAll());
  }

  /** Adds or removes a project folder; true when that changed the set. */
  private setProject(set: Set<string>, dir: string, isProject: boolean): boolean {
    if (set.has(dir) === isProject) return false;
    if (isProject) set.add(dir);
    else set.delete(dir);
    this.projectOfCache.clear();
    return true;
  }

  private readManifest(file: string) {
    const old = this.manifestNames.get(file);
    if (old !== undefined && this.packages.get(old)?.dir === path.dirname(file)) this.packages.delete(old);
    this.manifestNames.delete(file);
    const text = readTextOrUndefined(file);
    this.setProject(this.packageProjectDirs, path.dirname(file), isProjectFolder({ hasConfig: false, packageJson: text }));
    const found = text === undefined ? undefined : readWorkspacePackage(file, text);
    if (!found) return;
    this.packages.set(found.name, found.pkg);
    this.manifestNames.set(file, found.name);
  }

  private readLabelStrings(file: string) {
    const text = this.textOf(file);
    if (text === undefined) this.labelStrings.delete(file);
    else this.labelStrings.set(file, extractLabelStrings(file, text));
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** A file that cannot be parsed contributes nothing; it never stops the index. */
function parse(file: string, text: string): FileFacts {
  try {
    return extractFacts(file, text);
  } catch {
    return EMPTY_FACTS;
  }
}
