// The commands a project defines: every `defineCommand(...)` value exported by the modules listed in
// settings `commands` or found in the project's `commands/` folder.

import type { ProjectModule } from "../loader/load-project";
import { isProjectCommand, type ProjectCommand } from "./define-command";

export function findProjectCommands(modules: readonly ProjectModule[]): ProjectCommand[] {
  const found = new Map<string, ProjectCommand>();
  for (const m of modules) {
    for (const value of Object.values(m.exports)) {
      if (isProjectCommand(value) && !found.has(value.name)) found.set(value.name, value);
    }
  }
  return [...found.values()];
}
