// Turns what a task threw into a TaskError whose position points into the user's own .ts file: the
// first stack frame inside the project that is not the runtime and not a dependency. Stacks are already
// source-mapped (tsx/the loader enable source maps), so lines and columns are the user's.

import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TaskError } from "../../../shared/events";

const RUNTIME_DIR = path.resolve(__dirname, "..");

export function toTaskError(thrown: unknown, projectDir: string): TaskError {
  const err = thrown instanceof Error ? thrown : new Error(String(thrown));
  const stack = err.stack ?? `${err.name}: ${err.message}`;
  const error: TaskError = { message: err.message, stack };
  const pos = userFrame(stack, projectDir);
  if (pos) Object.assign(error, pos);
  return error;
}

interface FramePosition {
  file: string;
  line: number;
  column: number;
}

/** The first frame of `stack` in a file under `projectDir`, outside the runtime and node_modules. */
export function userFrame(stack: string, projectDir: string): FramePosition | undefined {
  const root = path.resolve(projectDir) + path.sep;
  for (const line of stack.split("\n")) {
    const m = /^\s*at (?:async )?(?:.*?\()?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1].startsWith("file://") ? fileURLToPath(m[1]) : m[1];
    if (!path.isAbsolute(file) || !file.startsWith(root)) continue;
    if (file.startsWith(RUNTIME_DIR + path.sep) || file.split(path.sep).includes("node_modules")) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}
