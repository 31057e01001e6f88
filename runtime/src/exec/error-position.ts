// Turns what a task threw into a TaskError whose position points into the user's own .ts file: the
// first stack frame inside the project that is not the runtime and not a dependency. Stacks are already
// source-mapped (tsx/the loader enable source maps), so lines and columns are the user's. The runtime's
// own frames below the task (scope, executor, scheduler) are cut from the stack: they say nothing to
// the user.

import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TaskError } from "../../../shared/events";

/** Where runtime frames come from: these sources, or the bundle and the sources its map points to. */
const RUNTIME_DIRS = [path.resolve(__dirname, ".."), path.resolve(__dirname, "../../runtime/src")].map((d) => d + path.sep);

export function toTaskError(thrown: unknown, projectDir: string): TaskError {
  const err = thrown instanceof Error ? thrown : new Error(String(thrown));
  const stack = withoutRuntimeFrames(err.stack ?? `${err.name}: ${err.message}`);
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

const FRAME = /^\s*at (?:async )?(?:.*?\()?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?\s*$/;

function frameFile(line: string): { file: string; line: number; column: number } | undefined {
  const m = FRAME.exec(line);
  if (!m) return undefined;
  const file = m[1].startsWith("file://") ? fileURLToPath(m[1]) : m[1];
  return { file, line: Number(m[2]), column: Number(m[3]) };
}

function isRuntimeFile(file: string): boolean {
  return RUNTIME_DIRS.some((dir) => file.startsWith(dir));
}

/** The first frame of `stack` in a file under `projectDir`, outside the runtime and node_modules. */
export function userFrame(stack: string, projectDir: string): FramePosition | undefined {
  const root = path.resolve(projectDir) + path.sep;
  for (const line of stack.split("\n")) {
    const frame = frameFile(line);
    if (!frame || !path.isAbsolute(frame.file) || !frame.file.startsWith(root)) continue;
    if (isRuntimeFile(frame.file) || frame.file.split(path.sep).includes("node_modules")) continue;
    return frame;
  }
  return undefined;
}

/** The stack up to the first runtime frame, when some frame comes before it; else the whole stack. */
export function withoutRuntimeFrames(stack: string): string {
  const lines = stack.split("\n");
  const firstFrame = lines.findIndex((l) => FRAME.test(l));
  const cut = lines.findIndex((l) => {
    const frame = frameFile(l);
    return frame !== undefined && isRuntimeFile(frame.file);
  });
  return cut > firstFrame && firstFrame >= 0 ? lines.slice(0, cut).join("\n") : stack;
}
