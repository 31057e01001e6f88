// Project-defined CLI commands (Gluepy's custom commands): a project module exports
// `export const command = defineCommand({...})` and `gluepy <name>` runs it, listed in `gluepy --help`.

import type { LoadedProject } from "../loader/load-project";

/** Marks command objects; a symbol from the global registry, so any copy of the runtime recognises them. */
export const COMMAND_BRAND = Symbol.for("gluepy.command");

export interface CommandOption {
  /** Commander flags, e.g. "-n, --name <value>" or "--dry-run". */
  flags: string;
  description?: string;
  default?: string | boolean | string[];
}

export interface CommandArgument {
  /** "<file>" (required), "[file]" (optional), "<files...>" (variadic). */
  name: string;
  description?: string;
}

export interface CommandInvocation {
  /** The positional arguments, in the order declared. */
  args: unknown[];
  options: Record<string, unknown>;
  /** The loaded project: settings, registry of Tasks and DAGs, modules. */
  project: LoadedProject;
}

export interface CommandDefinition {
  name: string;
  description: string;
  arguments?: CommandArgument[];
  options?: CommandOption[];
  /** Returns the exit code (default 0); a thrown error prints its message and exits 1. */
  action(invocation: CommandInvocation): void | number | Promise<void | number>;
}

export type ProjectCommand = CommandDefinition & { readonly [COMMAND_BRAND]: true };

export function defineCommand(definition: CommandDefinition): ProjectCommand {
  return Object.freeze({ ...definition, [COMMAND_BRAND]: true as const });
}

export function isProjectCommand(value: unknown): value is ProjectCommand {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[COMMAND_BRAND] === true;
}
