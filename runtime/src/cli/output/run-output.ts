// Where a run's events go: `--json` → one event per line on stdout; a terminal → the live task list;
// anything else (a pipe, a file, CI) → plain lines.

import type { RunEvent } from "../../../../shared/events";
import { BufferedWriter } from "./buffered-writer";
import { describeEvent } from "./format";
import { LiveTaskList } from "./live-task-list";
import { colorsEnabled, paletteFor } from "./palette";

export interface RunOutput {
  event(e: RunEvent): void;
  close(): void;
  /** In a terminal: shows text written to it by others (tasks) without breaking the live list. */
  print?(text: string): void;
}

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  rows?: number;
}

export function createRunOutput(options: { json: boolean; stdout: OutputStream; projectDir: string; env?: NodeJS.ProcessEnv }): RunOutput {
  const { stdout, projectDir } = options;
  const writer = new BufferedWriter(stdout);
  if (options.json) {
    return { event: (e) => writer.write(JSON.stringify(e) + "\n"), close: () => writer.flush() };
  }
  const palette = paletteFor(colorsEnabled(stdout, options.env));
  if (stdout.isTTY) {
    const list = new LiveTaskList(stdout, palette, projectDir);
    return { event: (e) => list.event(e), close: () => list.close(), print: (text) => list.print(text) };
  }
  return {
    event: (e) => {
      const line = describeEvent(e, palette, projectDir);
      if (line !== undefined) writer.write(line + "\n");
    },
    close: () => writer.flush(),
  };
}
