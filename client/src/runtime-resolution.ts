// Which gluepy runtime runs a project's commands: the project's own (node_modules/gluepy, found the way Node
// finds a package: in the project folder, then each folder above it), as vscode-eslint prefers the
// workspace's eslint; else the runtime the extension bundles. Never the project's in an untrusted workspace:
// loading it executes workspace code. Pure: the caller reads the files.

import * as path from "node:path";

/** A gluepy package: its version, its folder and its CLI (the `bin` the extension's run guard requires). */
export interface RuntimePackage {
  version: string;
  dir: string;
  cliPath: string;
}

export interface RuntimeChoice {
  source: "project" | "bundled";
  version: string;
  dir: string;
  cliPath: string;
  /** Why the bundled runtime although the project may have its own (untrusted, or its package is unusable). */
  reason?: string;
  /** For the user, once: the project's runtime differs in major version from the bundled one. */
  warning?: string;
}

/** The package.json files of a `gluepy` in node_modules that Node would find from `projectDir`, nearest first. */
export function runtimePackageCandidates(projectDir: string): string[] {
  const found: string[] = [];
  for (let dir = path.resolve(projectDir); ; dir = path.dirname(dir)) {
    // Node never looks in node_modules/node_modules.
    if (path.basename(dir) !== "node_modules") found.push(path.join(dir, "node_modules", "gluepy", "package.json"));
    if (path.dirname(dir) === dir) return found;
  }
}

/** The package a node_modules/gluepy/package.json describes, or what is wrong with it. */
export function readRuntimePackage(packageJsonPath: string, text: string): RuntimePackage | { problem: string } {
  let manifest: { name?: unknown; version?: unknown; bin?: unknown };
  try {
    manifest = JSON.parse(text) as typeof manifest;
  } catch {
    return { problem: `${packageJsonPath} is not valid JSON` };
  }
  const bin = typeof manifest.bin === "string" ? manifest.bin : (manifest.bin as Record<string, unknown> | undefined)?.gluepy;
  if (manifest.name !== "gluepy" || typeof manifest.version !== "string" || typeof bin !== "string")
    return { problem: `${packageJsonPath} is no gluepy runtime package (it needs name "gluepy", a version and bin "gluepy")` };
  const dir = path.dirname(packageJsonPath);
  return { version: manifest.version, dir, cliPath: path.resolve(dir, bin) };
}

export interface ChoiceInput {
  trusted: boolean;
  /** What the project's node_modules hold (undefined: no gluepy there, or not looked at). */
  project: RuntimePackage | { problem: string } | undefined;
  bundled: RuntimePackage;
}

export function chooseRuntime({ trusted, project, bundled }: ChoiceInput): RuntimeChoice {
  const useBundled = (reason?: string): RuntimeChoice => ({ source: "bundled", ...bundled, ...(reason ? { reason } : {}) });
  if (!trusted) return useBundled("the workspace is not trusted, so a gluepy installed in the project is not loaded");
  if (!project) return useBundled();
  if ("problem" in project) return useBundled(project.problem);
  const choice: RuntimeChoice = { source: "project", ...project };
  if (majorOf(project.version) !== majorOf(bundled.version))
    choice.warning =
      `the project's gluepy ${project.version} (${project.dir}) differs in major version from the extension's ${bundled.version}: ` +
      `the extension runs the project's, whose commands or run events may not be the ones it knows. Install a gluepy ${majorOf(bundled.version)}.x in the project, or the extension that matches.`;
  return choice;
}

/** One line for the Output channel and the status bar tooltip. */
export function describeChoice(choice: RuntimeChoice): string {
  const which = choice.source === "project" ? `the project's gluepy ${choice.version}` : `the bundled gluepy ${choice.version}`;
  return `${which} at ${choice.dir}${choice.reason ? ` (${choice.reason})` : ""}`;
}

function majorOf(version: string): string {
  return version.split(".")[0] ?? version;
}
