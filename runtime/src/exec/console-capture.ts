// Routes console output of code running inside a task to that task's log (task-log events), and leaves
// everything else alone. AsyncLocalStorage tells which task a console call comes from, so concurrent
// tasks in one process keep their lines apart.

import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";

export type LogSink = (stream: "stdout" | "stderr", text: string) => void;

const sinks = new AsyncLocalStorage<LogSink>();
let patched = false;

const METHODS = { log: "stdout", info: "stdout", debug: "stdout", warn: "stderr", error: "stderr" } as const;

/** Runs `fn` with console output sent to `sink`. */
export function captureConsole<T>(sink: LogSink, fn: () => T): T {
  patchConsole();
  return sinks.run(sink, fn);
}

function patchConsole(): void {
  if (patched) return;
  patched = true;
  for (const [method, stream] of Object.entries(METHODS) as [keyof typeof METHODS, "stdout" | "stderr"][]) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const sink = sinks.getStore();
      if (!sink) return original(...args);
      const text = format(...args);
      // Outside the capture, so whatever the sink does (print the event, log) is not captured again.
      sinks.exit(() => sink(stream, text));
    };
  }
}
