// The Output channel "Gluepy" as VS Code writes it to disk (user-data/logs/.../output_logging_*/N-Gluepy.log):
// the whole log, not just the lines the panel has on screen.

import { readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";

export function outputLog(userDataDir: string, channel = "Gluepy"): string {
  const files = find(path.join(userDataDir, "logs"), (f) => new RegExp(`^\\d+-${channel}\\.log$`).test(path.basename(f)));
  return files.map((f) => readFileSync(f, "utf8")).join("\n");
}

function find(dir: string, match: (f: string) => boolean): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(find(full, match));
    else if (match(full)) out.push(full);
  }
  return out;
}

/** Polls the log until `pattern` matches the text after the `from`-th character. */
export async function waitForLog(userDataDir: string, pattern: RegExp, from = 0, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = "";
  while (Date.now() < deadline) {
    text = outputLog(userDataDir).slice(from);
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`The Gluepy output never matched ${pattern}; after offset ${from} it holds:\n${text}`);
}
