// The run events a `gluepy dag --json` child prints on stdout, one by one as whole lines arrive.

import type { Readable } from "node:stream";
import { parseRunEvent, type RunEvent } from "../../../shared/events";

/** Calls `onEvent` with each run event on `stdout` (other lines are ignored) until the returned removal is
 * called: no event after it, not even one from the same chunk. */
export function onRunEvents(stdout: Readable, onEvent: (event: RunEvent) => void): () => void {
  let buffered = "";
  let removed = false;
  const onData = (chunk: Buffer) => {
    const lines = (buffered + chunk.toString()).split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      if (removed) return;
      const event = parseRunEvent(line);
      if (event) onEvent(event);
    }
  };
  stdout.on("data", onData);
  return () => {
    removed = true;
    stdout.off("data", onData);
  };
}
