// Sends what the process writes to its own stdout/stderr (a task calling process.stdout.write) somewhere
// else for the length of a run, so the CLI's output keeps its shape: to stderr under --json, above the
// live task list in a terminal.

import type { CliIO } from "../cli-io";

type Write = NodeJS.WriteStream["write"];

/**
 * Replaces process.stdout.write (and process.stderr.write when `stderrToo`) with `route`. io.stdout,
 * which the run's output writes to, keeps writing to the real stream; io.stderr is left as it is, so
 * the CLI's own warnings take the same route. Returns the undo.
 */
export function redirectProcessWrites(io: CliIO, route: (text: string) => void, stderrToo: boolean): () => void {
  if (io.stdout !== process.stdout) return () => {};
  const streams = stderrToo ? [process.stdout, process.stderr] : [process.stdout];
  const originals = streams.map((s) => s.write);
  io.stdout = { write: originals[0]!.bind(process.stdout), isTTY: process.stdout.isTTY, rows: process.stdout.rows };
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error | null) => void), cb?: (e?: Error | null) => void) => {
      route(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const done = typeof encoding === "function" ? encoding : cb;
      if (done) process.nextTick(done);
      return true;
    }) as Write;
  }
  return () => {
    streams.forEach((s, i) => (s.write = originals[i]!));
    io.stdout = process.stdout;
  };
}
