// A run's log lines into the Output channel, appended together at most once a frame. While the channel is
// shown, VS Code flushes its file and messages the window on every append: a 1,000-task run's 2,000 lines,
// one append each, held every other update of the window (the Runs view, the toast, the status bar) seconds
// behind the run.

import type { OutputChannel } from "vscode";
import { FrameBatches } from "./frame-batches";

export class RunLog {
  private readonly lines: FrameBatches<string>;

  constructor(output: Pick<OutputChannel, "append">) {
    this.lines = new FrameBatches((lines) => output.append(`${lines.join("\n")}\n`));
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
