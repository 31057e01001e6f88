// The frames of a task error's stack that point into files (V8's "at f (file:line:col)" lines), for the
// details pane's links and the extension that opens them: both read the same stack the same way.

export interface StackFrame {
  /** The stack's line as printed. */
  text: string;
  /** Where it points, when in a file (absolute path or file: URL); undefined for node internals and the like. */
  file?: string;
  /** 1-based. */
  line?: number;
  column?: number;
}

/** A location in a file: an absolute path (POSIX or Windows) or a file: URL, then :line:column. */
const FILE_LOCATION = /^((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/]).*):(\d+):(\d+)$/;

/** Each line of the stack after the message, with its file position when it has one. */
export function stackFrames(stack: string): StackFrame[] {
  return stack
    .split("\n")
    .filter((l) => /^\s+at\s/.test(l))
    .map((l) => {
      const text = l.trim();
      // "at f (where)" or "at where".
      const where = text.endsWith(")") && text.includes(" (") ? text.slice(text.lastIndexOf(" (") + 2, -1) : text.slice(3);
      const m = FILE_LOCATION.exec(where);
      return m ? { text, file: m[1]!, line: Number(m[2]), column: Number(m[3]) } : { text };
    });
}
