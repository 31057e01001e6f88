// What a run leaves in `<run folder>/.gluepy/`: `events.jsonl` (every event, appended through one
// stream in batches: one write per turn of the event loop, not one per event) and `state.json` (the
// events folded into a RunState). state.json is rewritten atomically (tmp + rename) and coalesced: at
// most every `intervalMs` (less often when the state is so large that writing it would dominate), at
// once when a task fails, and at the end; so a 10,000-task run does not rewrite it 20,000 times, yet it
// is valid JSON after a crash.

import { createWriteStream, promises as fs, type WriteStream } from "node:fs";
import path from "node:path";
import type { RunEvent } from "../../../shared/events";
import { EVENTS_FILE, STATE_FILE } from "../../../shared/run-folder-layout";
import { applyRunEvent, type RunState } from "../../../shared/run-state";

export class RunRecord {
  private state: RunState | undefined;
  private readonly events: WriteStream;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private pending = "";
  private flushQueued = false;
  private delayMs: number;
  /** The first write that failed (disk full, folder removed); reported by close(). */
  private failure: Error | undefined;

  private constructor(
    readonly dir: string,
    previous: RunState | undefined,
    private readonly intervalMs: number,
  ) {
    this.state = previous;
    this.delayMs = intervalMs;
    this.events = createWriteStream(path.join(dir, EVENTS_FILE), { flags: "a" });
    this.events.on("error", (err) => (this.failure ??= err));
  }

  /** Opens the record of a run folder (absolute `.gluepy` dir), continuing the state left there. */
  static async open(dir: string, intervalMs = 100): Promise<RunRecord> {
    await fs.mkdir(dir, { recursive: true });
    return new RunRecord(dir, await readState(dir), intervalMs);
  }

  get current(): RunState | undefined {
    return this.state;
  }

  append(event: RunEvent): void {
    this.pending += JSON.stringify(event) + "\n";
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => this.flushEvents());
    }
    this.state = applyRunEvent(this.state, event);
    this.dirty = true;
    const urgent = (event.event === "task-end" && event.status === "failed") || event.event === "run-start";
    if (urgent) void this.flushState();
    else this.timer ??= setTimeout(() => void this.flushState(), this.delayMs);
  }

  private flushEvents(): void {
    this.flushQueued = false;
    if (this.pending === "") return;
    this.events.write(this.pending);
    this.pending = "";
  }

  /** Writes state.json now (after any write in flight); a failure is kept for close() to report. */
  flushState(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(async () => {
      if (!this.dirty || !this.state) return;
      this.dirty = false;
      const started = performance.now();
      const text = JSON.stringify(this.state);
      // Serializing a huge state is not free: keep it under 2% of the run's time (events.jsonl has every event).
      this.delayMs = Math.max(this.intervalMs, 50 * (performance.now() - started));
      await writeAtomic(path.join(this.dir, STATE_FILE), text);
    }).catch((err: Error) => {
      this.failure ??= err;
    });
    return this.writing;
  }

  /** Final state.json and every event on disk. */
  async close(): Promise<void> {
    this.flushEvents();
    await this.flushState();
    await new Promise<void>((resolve) => this.events.end(() => resolve()));
    if (this.failure) throw new Error(`Could not record the run in ${this.dir}: ${this.failure.message}. Its state.json may be out of date.`);
  }
}

/** The state.json of a run's `.gluepy` dir, or undefined when there is none yet. */
export async function readState(dir: string): Promise<RunState | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, STATE_FILE), "utf8")) as RunState;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`Cannot read ${path.join(dir, STATE_FILE)}: ${(err as Error).message}. Delete it to start the run's state afresh.`);
  }
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, text);
  await fs.rename(tmp, file);
}
