// What a run leaves in `<run folder>/.gluepy/`: `events.jsonl`, every event in the order it happened, and
// `state.json`, the events folded into a RunState.
//
// events.jsonl is the record of truth. Events are written with synchronous appends, so what is written is
// in the kernel's hands before the runtime goes on (a SIGKILL loses nothing written) and a process.exit()
// or fatal error cannot leave them in a JavaScript buffer: every event is written when it is emitted,
// except a task's end, which joins the next write (the next task's start, a log line, or the end of this
// turn of the event loop). So a task's success is on disk before any task after it starts, and a reader
// tailing the file sees an event within one turn of the event loop. One write per task, not per event:
// the per-task cost of a 10,000-task chain stays a few µs.
//
// state.json is rewritten atomically (tmp + rename), coalesced: at most every `intervalMs` (less often
// when the state is so large that writing it would dominate), at once when a task fails, and at the end;
// `closeSync` writes it from an 'exit' handler, where nothing asynchronous runs any more. After a crash
// it may lag events.jsonl: a record reopened (--retry) folds events.jsonl instead.

import { closeSync, fsyncSync, openSync, promises as fs, renameSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import type { RunEvent } from "../../../shared/events";
import { EVENTS_FILE, STATE_FILE } from "../../../shared/run-folder-layout";
import { applyRunEvent, reduceRunEvents, type RunState } from "../../../shared/run-state";
import { parseRunEvent, runEventLine } from "../../../shared/events";

export class RunRecord {
  private state: RunState | undefined;
  /** events.jsonl, open for appending; -1 once closed. */
  private fd: number;
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
    fd: number,
    private readonly intervalMs: number,
  ) {
    this.state = previous;
    this.delayMs = intervalMs;
    this.fd = fd;
  }

  /** Opens the record of a run folder (absolute `.gluepy` dir), continuing the state left there. */
  static async open(dir: string, intervalMs = 100): Promise<RunRecord> {
    await fs.mkdir(dir, { recursive: true });
    const previous = await readRecordedState(dir);
    const fd = openSync(path.join(dir, EVENTS_FILE), "a");
    // A line torn by a crash mid-write stays a line of its own (readers skip it), not the head of the next event.
    if (previous?.tornTail) writeSync(fd, "\n");
    return new RunRecord(dir, previous?.state, fd, intervalMs);
  }

  get current(): RunState | undefined {
    return this.state;
  }

  append(event: RunEvent): void {
    if (this.fd < 0) return;
    this.pending += runEventLine(event);
    this.state = applyRunEvent(this.state, event);
    this.dirty = true;
    if (event.event !== "task-end") this.flushEvents();
    else if (!this.flushQueued) {
      // One per turn of the event loop, not one per task: a chain's task-start writes the ends between.
      this.flushQueued = true;
      setImmediate(this.flushAtTurnEnd);
    }
    const urgent = (event.event === "task-end" && event.status === "failed") || event.event === "run-start";
    if (urgent) void this.flushState();
    else this.timer ??= setTimeout(() => void this.flushState(), this.delayMs);
  }

  private readonly flushAtTurnEnd = (): void => {
    this.flushQueued = false;
    this.flushEvents();
  };

  /** Writes the pending events now (synchronously). */
  flushEvents(): void {
    if (this.pending === "" || this.fd < 0) return;
    const text = this.pending;
    this.pending = "";
    try {
      writeFully(this.fd, text);
    } catch (err) {
      this.failure ??= err as Error;
    }
  }

  /** Writes state.json now (after any write in flight); a failure is kept for close() to report. */
  flushState(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing
      .then(async () => {
        if (!this.dirty || !this.state || this.fd < 0) return;
        this.dirty = false;
        const started = performance.now();
        const text = JSON.stringify(this.state);
        // Serializing a huge state is not free: keep it under 2% of the run's time (events.jsonl has every event).
        this.delayMs = Math.max(this.intervalMs, 50 * (performance.now() - started));
        const file = path.join(this.dir, STATE_FILE);
        const tmp = `${file}.${process.pid}.tmp`;
        await fs.writeFile(tmp, text);
        // closeSync may have written the final state meanwhile: this older one must not replace it.
        if (this.fd < 0) await fs.rm(tmp, { force: true });
        else await fs.rename(tmp, file);
      })
      .catch((err: Error) => {
        this.failure ??= err;
      });
    return this.writing;
  }

  /** Final state.json and every event on disk, synced to the device. */
  async close(): Promise<void> {
    if (this.fd < 0) return;
    this.flushEvents();
    await this.flushState();
    this.finish();
    if (this.failure) throw new Error(`Could not record the run in ${this.dir}: ${this.failure.message}. Its state.json may be out of date.`);
  }

  /**
   * close(), synchronously: for the last moments of a process ('exit' handler, a fatal error), where no
   * promise settles any more. A state.json write in flight is overtaken by this one (rename is atomic).
   */
  closeSync(): void {
    if (this.fd < 0) return;
    this.flushEvents();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.state) {
      try {
        const file = path.join(this.dir, STATE_FILE);
        const tmp = `${file}.${process.pid}.final.tmp`;
        writeFileSync(tmp, JSON.stringify(this.state));
        renameSync(tmp, file);
      } catch (err) {
        this.failure ??= err as Error;
      }
    }
    this.finish();
  }

  get closed(): boolean {
    return this.fd < 0;
  }

  private finish(): void {
    try {
      // Against power loss: what the run recorded reaches the device before the process reports its end.
      fsyncSync(this.fd);
    } catch {
      // A file system without fsync (some network mounts): the data is still in the kernel's hands.
    }
    closeSync(this.fd);
    this.fd = -1;
  }
}

/**
 * The state a run folder's records hold: the fold of events.jsonl (the record of truth; state.json may lag
 * it after a crash), else state.json (a record written before events.jsonl existed), else undefined.
 */
export async function readState(dir: string): Promise<RunState | undefined> {
  return (await readRecordedState(dir))?.state;
}

async function readRecordedState(dir: string): Promise<{ state: RunState | undefined; tornTail: boolean } | undefined> {
  let text: string | undefined;
  try {
    text = await fs.readFile(path.join(dir, EVENTS_FILE), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`Cannot read ${path.join(dir, EVENTS_FILE)}: ${(err as Error).message}.`);
  }
  if (text) {
    const state = reduceRunEvents(eventsOf(text));
    if (state) return { state, tornTail: !text.endsWith("\n") };
  }
  const stateFile = path.join(dir, STATE_FILE);
  try {
    return { state: JSON.parse(await fs.readFile(stateFile, "utf8")) as RunState, tornTail: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return text ? { state: undefined, tornTail: !text.endsWith("\n") } : undefined;
    throw new Error(`Cannot read ${stateFile}: ${(err as Error).message}. Delete it to start the run's state afresh.`);
  }
}

function* eventsOf(text: string): Generator<RunEvent> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const event = parseRunEvent(text.slice(start, end));
    if (event) yield event;
    start = end + 1;
  }
}

/**
 * One append of `text`. A regular file takes it whole; should the kernel write less (a signal, a full
 * disk), the rest follows as bytes. The string is written as it is: no Buffer per write on the hot path.
 */
function writeFully(fd: number, text: string): void {
  const written = writeSync(fd, text);
  if (written === Buffer.byteLength(text)) return;
  const bytes = Buffer.from(text);
  for (let off = written; off < bytes.length; ) off += writeSync(fd, bytes, off);
}
