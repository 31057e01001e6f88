// Sends what the process writes to its own stdout/stderr (a task calling process.stdout.write) somewhere
// else for the length of a run, so the CLI's output keeps its shape: to stderr under --json, above the
// live task list in a terminal.

import type { CliIO } from "../cli-io";

type Write = NodeJS.WriteStream["write"];

/**
 * Replaces process.stdout.write (and process.stderr.write when `stderrToo`) with `route`; io.stdout and
 * io.stderr keep writing to the real streams. Returns the undo.
 */
export function redirectProcessWrites(io: CliIO, route: (text: string) => void, stderrToo: boolean): () => void {
  const undo: (() => void)[] = [];
  const redirect = (stream: NodeJS.WriteStream, key: "stdout" | "stderr") => {
    if (io[key] !== stream) return;
    const original = stream.write;
    io[key] = { write: original.bind(stream), isTTY: stream.isTTY, rows: stream.rows };
    stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error | null) => void), cb?: (e?: Error | null) => void) => {
      route(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const done = typeof encoding === "function" ? encoding : cb;
      if (done) process.nextTick(done);
      return true;
    }) as Write;
    undo.push(() => {
      stream.write = original;
      io[key] = stream;
    });
  };
  redirect(process.stdout, "stdout");
  if (stderrToo) redirect(process.stderr, "stderr");
  return () => undo.reverse().forEach((u) => u());
}
