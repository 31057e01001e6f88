// Long work (the cold index) in short slices: between slices the event loop reads the client's messages,
// so a request is answered from what is done so far instead of waiting for the whole job.

import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * How long one slice may run. Short enough that a request waits at most about this long (the 100 ms goal
 * leaves room for the answer itself and for a busy machine); long enough that yielding costs nothing
 * measurable.
 */
export const SLICE_MS = 8;

/**
 * Turns of the event loop a pause lets pass. vscode-jsonrpc handles a message read on one turn in a
 * setImmediate, and writes its answer from another setImmediate queued by the handler: with one turn the
 * next slice would run before that write, and an answer would wait two or three slices instead of one.
 */
const TURNS_PER_PAUSE = 3;

export class TimeSlices {
  private started = performance.now();

  /** True when the current slice has used its time: the caller should settle its state and `pause()`. */
  get due(): boolean {
    return performance.now() - this.started >= SLICE_MS;
  }

  /** Lets the event loop run (messages, timers, the answers they produce), then starts a new slice. */
  async pause(): Promise<void> {
    for (let turn = 0; turn < TURNS_PER_PAUSE; turn++) await nextTurn();
    this.started = performance.now();
  }
}
