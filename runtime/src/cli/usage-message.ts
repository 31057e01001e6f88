// Commander's usage errors as the rest of the CLI words them: one line, "gluepy: <what>", its suggestion
// of the closest command or flag on the same line.

/** "error: unknown option '--concurency'\n(Did you mean --concurrency?)\n" → "gluepy: unknown option '--concurency'. Did you mean '--concurrency'?\n" */
export function usageErrorLine(commanderMessage: string): string {
  const text = commanderMessage.trim().replace(/^error: /, "");
  const suggestion = /\n\(Did you mean (\S+)\?\)$/.exec(text);
  if (!suggestion) return `gluepy: ${text.replace(/\s*\n\s*/g, " ")}\n`;
  const first = text.slice(0, suggestion.index).replace(/\s*\n\s*/g, " ");
  return `gluepy: ${first}. Did you mean '${suggestion[1]}'?\n`;
}
