// Loads a user's project into the running runtime: its settings (gluepy.config.ts or GLUEPY_SETTINGS),
// then the modules a command needs, found without executing anything (static facts of every module,
// project-index.ts): for one DAG, the module that defines it; otherwise the modules that define Tasks or
// DAGs. They run compiled into one cached bundle, with what they import; their exported Task and DAG
// classes make the registry. A module none of them imports is never executed.

import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { resolveSettings, type Settings } from "../conf/settings";
import { collectRegistry, type Registry } from "../exec/registry";
import { userFrame } from "../exec/error-position";
import { recordModuleSources, sourceOf, type SourceLoc } from "../exec/source-map";
import { formatPosition, ProjectLoadError } from "./load-error";
import { projectSourceFiles, SETTINGS_FILE } from "./project-files";
import { stopEsbuild } from "./esbuild-service";
import { compileProjectBundle, runProjectBundle, type CompiledBundle } from "./project-bundle";
import { importClosure, modulesFor, type ProjectIndex } from "./project-index";
import { indexProjectModules } from "./scan-modules";
import { installRequireHook } from "./require-hook";

export interface ProjectModule {
  file: string;
  exports: Record<string, unknown>;
}

export interface LoadedProject {
  dir: string;
  settings: Settings;
  registry: Registry;
  modules: ProjectModule[];
  /** Where a Task or DAG class is declared (file and line), when the loader saw its module. */
  sourceOf(cls: Function): SourceLoc | undefined;
  /**
   * Compiles, without running, each DAG's own bundle that is not cached yet, so a later `gluepy dag` starts
   * warm (`gluepy list` does it after printing: the extension's pre-warm runs it).
   */
  prepareDagBundles(): Promise<void>;
  /** The static facts of the project's modules (imports, packages): the run cache's code fingerprint reads them. */
  index: ProjectIndex;
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Only what this DAG needs (`gluepy dag`, `gluepy graph`); default: every module that defines a Task or DAG. */
  dag?: string;
}

/** Where transformed modules are cached between runs. */
export function cacheDirOf(projectDir: string): string {
  return join(projectDir, ".gluepy", "cache");
}

/**
 * Loads the project in `dir`. Throws ProjectLoadError (file and line) when a module cannot be compiled
 * or throws while it is imported; a settings error or a duplicate label throws as it is.
 */
export async function loadProject(dir: string, options: LoadOptions = {}): Promise<LoadedProject> {
  const projectDir = resolve(dir);
  const env = options.env ?? process.env;
  const { settings, settingsFile } = loadSettingsOf(projectDir, env);
  const cacheDir = cacheDirOf(projectDir);
  // Checked here too (resolving runs nothing): a wrong setting is reported whatever the command.
  commandModuleFiles(projectDir, settings);

  const scanned = (settings.modules.length > 0 ? listedModuleFiles(settings) : projectSourceFiles(projectDir, [settings.storageRoot, settings.configsDir])).filter(
    (f) => f !== settingsFile,
  );
  let index: ProjectIndex;
  let compiled: CompiledBundle | undefined;
  let files: string[];
  try {
    index = await indexProjectModules(scanned, cacheDir);
    // Every project module they import is an entry too (it runs anyway): its exports and class positions are read.
    files = importClosure(index, modulesFor(index, options.dag === undefined ? { all: true } : { dag: options.dag }));
    compiled = files.length === 0 ? undefined : await compileProjectBundle(projectDir, files, cacheDir).catch((error: unknown) => {
      throw error instanceof ProjectLoadError ? positioned(projectDir, error) : error;
    });
  } finally {
    // esbuild's service process (started on a cache miss) must not outlive the load, let alone the CLI.
    stopEsbuild();
  }
  const bundle = compiled
    ? await runProjectBundle(compiled).catch((error: unknown) => {
        throw asLoadError(projectDir, files[0]!, error);
      })
    : { modules: [], sources: new Map<string, string>() };
  const modules = bundle.modules.map((m) => ({ file: m.file, exports: guardedImport(projectDir, m.file, m.load) }));
  for (const m of modules) recordModuleSources(m.file, bundle.sources.get(m.file) ?? "", m.exports);
  const registry = collectRegistry(modules.map((m) => m.exports));
  const prepareDagBundles = () => prepareBundles(projectDir, cacheDir, index);
  return { dir: projectDir, settings, registry, modules, sourceOf, prepareDagBundles, index };
}

/** Compiles (runs nothing) the bundle of each DAG whose label is known, where it is not cached yet. */
async function prepareBundles(projectDir: string, cacheDir: string, index: ProjectIndex): Promise<void> {
  const entrySets = new Map<string, string[]>();
  for (const label of new Set(Object.values(index.dags).flat())) {
    if (label === null) continue;
    const files = importClosure(index, modulesFor(index, { dag: label }));
    entrySets.set(files.join("\0"), files);
  }
  try {
    // A DAG that cannot be compiled says so when it is run; preparing is best effort.
    await Promise.all([...entrySets.values()].map((files) => compileProjectBundle(projectDir, files, cacheDir).catch(() => undefined)));
  } finally {
    stopEsbuild();
  }
}

/** The files of settings `modules`: each file named, and the source files of each folder named. */
function listedModuleFiles(settings: Settings): string[] {
  const files = settings.modules.flatMap((p) => {
    if (!existsSync(p)) {
      throw new ProjectLoadError(
        `Setting 'modules' in ${settings.settingsFile ?? SETTINGS_FILE} names ${p}, which does not exist; list the project's files or folders that define Tasks and DAGs.`,
        settings.settingsFile ?? settings.projectDir,
      );
    }
    return statSync(p).isDirectory() ? projectSourceFiles(p, [settings.storageRoot]) : [p];
  });
  return [...new Set(files)].sort();
}

/** The project's settings alone (no other module is loaded): for commands that run no project code. */
export function loadProjectSettings(dir: string, options: LoadOptions = {}): Settings {
  return loadSettingsOf(resolve(dir), options.env ?? process.env).settings;
}

/** The modules that define project commands: settings `commands`, then the files of `commands/`. */
export function commandModuleFiles(projectDir: string, settings: Settings): string[] {
  const listed = settings.commands.map((c) => resolveCommandModule(projectDir, c, settings.settingsFile));
  const folder = projectSourceFiles(join(projectDir, "commands"));
  return [...new Set([...listed, ...folder])];
}

/** Loads only the modules that define project commands (for `gluepy --help`: no Task or DAG module runs). */
export function loadCommandModules(dir: string, options: LoadOptions = {}): ProjectModule[] {
  const projectDir = resolve(dir);
  const settings = loadSettingsOf(projectDir, options.env ?? process.env).settings;
  return commandModuleFiles(projectDir, settings).map((file) => ({ file, exports: importModule(projectDir, file) }));
}

function loadSettingsOf(projectDir: string, env: NodeJS.ProcessEnv): { settings: Settings; settingsFile?: string } {
  if (!existsSync(projectDir)) throw new ProjectLoadError(`Project folder ${projectDir} does not exist.`, projectDir);
  installRequireHook(projectDir, cacheDirOf(projectDir));
  const settingsFile = settingsFileOf(projectDir, env);
  const raw = settingsFile ? (importModule(projectDir, settingsFile).default ?? {}) : {};
  return { settings: resolveSettings(raw, projectDir, env, settingsFile), settingsFile };
}

/** GLUEPY_SETTINGS (relative to the project) when set, else gluepy.config.ts when it exists. */
function settingsFileOf(projectDir: string, env: NodeJS.ProcessEnv): string | undefined {
  const chosen = env.GLUEPY_SETTINGS;
  if (chosen) {
    const file = isAbsolute(chosen) ? chosen : join(projectDir, chosen);
    if (!existsSync(file)) {
      throw new ProjectLoadError(`GLUEPY_SETTINGS names ${file}, which does not exist. Point it at a settings file or unset it.`, file);
    }
    return file;
  }
  const file = join(projectDir, SETTINGS_FILE);
  return existsSync(file) ? file : undefined;
}

function resolveCommandModule(projectDir: string, spec: string, settingsFile: string | undefined): string {
  try {
    return require.resolve(resolve(projectDir, spec));
  } catch {
    throw new ProjectLoadError(
      `Setting 'commands' in ${settingsFile ?? SETTINGS_FILE} names '${spec}', which is not a module of the project; give a path relative to ${projectDir}.`,
      settingsFile ?? projectDir,
    );
  }
}

/** A single module through the require hook (settings and command modules). */
function importModule(projectDir: string, file: string): Record<string, unknown> {
  return guardedImport(projectDir, file, () => require(file) as Record<string, unknown>);
}

/** Runs `load`; what it throws becomes a ProjectLoadError at the user's file and line. */
function guardedImport(projectDir: string, file: string, load: () => Record<string, unknown>): Record<string, unknown> {
  try {
    return load();
  } catch (error) {
    throw asLoadError(projectDir, file, error);
  }
}

/** What a module threw while it was imported, as a ProjectLoadError at the first frame in the user's code. */
function asLoadError(projectDir: string, file: string, error: unknown): ProjectLoadError {
  if (error instanceof ProjectLoadError) return positioned(projectDir, error);
  const err = error instanceof Error ? error : new Error(String(error));
  const at = userFrame(err.stack ?? "", projectDir) ?? { file, line: undefined, column: undefined };
  const where = formatPosition(projectDir, at.file, at.line, at.column);
  return new ProjectLoadError(`Importing ${relative(projectDir, at.file)} failed at ${where}: ${err.message}`, at.file, at.line, at.column, error);
}

/** The error with its position in front ("src/x.ts:2:18: ..."): esbuild's message alone does not say where. */
function positioned(projectDir: string, error: ProjectLoadError): ProjectLoadError {
  if (error.message.startsWith(formatPosition(projectDir, error.file))) return error;
  const where = formatPosition(projectDir, error.file, error.line, error.column);
  return new ProjectLoadError(`${where}: ${error.message}`, error.file, error.line, error.column, error.cause);
}
