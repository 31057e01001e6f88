// Which Gluepy project a file belongs to, on the disk (the rule itself is shared/project-of-file.ts, the
// same the language server follows): a folder is a project's when it holds gluepy.config.ts or a
// package.json that depends on gluepy.

import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { isProjectFolder, PROJECT_CONFIG_FILE, projectOfFile } from "../../shared/project-of-file";

/** Whether `dir` is a Gluepy project's folder, from its files. */
export function isProjectDir(dir: string): boolean {
  return isProjectFolder({ hasConfig: existsSync(path.join(dir, PROJECT_CONFIG_FILE)), packageJson: readIfExists(path.join(dir, "package.json")) });
}

/** The project folder of `file`: the nearest project folder above it within its workspace folder, else that workspace folder. */
export function projectDirOf(file: string, workspaceFolders: readonly string[], isProject: (dir: string) => boolean = isProjectDir): string {
  return projectOfFile(path.resolve(file), workspaceFolders, isProject);
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
