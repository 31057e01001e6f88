// A run's log lines into the Output channel, appended together at most ten times a second. While the
// channel is shown, VS Code flushes its file and messages the window on every append, and the window reads
// the file again and redraws the Output view: a 1,000-task run's 2,000 lines, one append each, held every
// other update of the window (the Runs view, the toast, the status bar) seconds behind the run, and an
// append per frame still a third of a second.

import type { OutputChannel } from "vscode";
import { FrameBatches } from "./frame-batches";

/** A log read by a person looks as live at ten appends a second as at sixty. */
export const LOG_APPEND_MS = 100;

export class RunLog {
  private readonly lines: FrameBatches<string>;

  constructor(output: Pick<OutputChannel, "append">) {
    this.lines = new FrameBatches((lines) => output.append(`${lines.join("\n")}\n`), LOG_APPEND_MS);
  }

  line(text: string): void {
    this.lines.push(text);
  }

  /** Appends what is queued now: before the channel is shown, and when the run ends. */
  flush(): void {
    this.lines.flush();
  }

  dispose(): void {
    this.flush();
    this.lines.dispose();
  }
}
