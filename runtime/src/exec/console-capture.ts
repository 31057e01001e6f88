// Routes console output of code running inside a task to that task's log (task-log events), and leaves
// everything else alone. The task's scope frame (scope.ts) carries its log sink, so concurrent tasks in
// one process keep their lines apart.

import { format } from "node:util";
import { currentLogSink, outsideScope } from "./scope";

let patched = false;

const METHODS = { log: "stdout", info: "stdout", debug: "stdout", warn: "stderr", error: "stderr" } as const;

/** Patches the console once: a call made under a log sink (runInScope's `log`) goes to that sink. */
export function installConsoleCapture(): void {
  if (patched) return;
  patched = true;
  for (const [method, stream] of Object.entries(METHODS) as [keyof typeof METHODS, "stdout" | "stderr"][]) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const sink = currentLogSink();
      if (!sink) return original(...args);
      const text = format(...args);
      // Outside the capture, so whatever the sink does (print the event, log) is not captured again.
      outsideScope(() => sink(stream, text));
    };
  }
}
