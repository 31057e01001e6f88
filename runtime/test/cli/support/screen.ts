// What a terminal shows after some output: enough of a terminal to replay the live task list's escapes
// (newline, carriage return, "cursor up N lines" \x1b[NF, "clear below" \x1b[J); colours are dropped.

export function screenAfter(output: string): string[] {
  const lines: string[] = [""];
  let row = 0;
  let col = 0;
  const put = (ch: string) => {
    const line = lines[row]!.padEnd(col);
    lines[row] = line.slice(0, col) + ch + line.slice(col + 1);
    col++;
  };
  for (const token of output.match(/\x1b\[\d*[A-Za-z]|[^\x1b]/gsu) ?? []) {
    if (token === "\n") {
      row++;
      col = 0;
      lines[row] ??= "";
    } else if (token === "\r") col = 0;
    else if (token.endsWith("F")) {
      row = Math.max(0, row - Number(token.slice(2, -1) || 1));
      col = 0;
    } else if (token.endsWith("J")) {
      lines[row] = lines[row]!.slice(0, col);
      lines.length = row + 1;
    } else if (!token.startsWith("\x1b")) put(token);
  }
  return lines;
}
