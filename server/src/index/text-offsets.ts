// Converts between LSP positions and offsets in a document's text.

/** A 0-based line and character, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export class TextOffsets {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  offsetAt(p: Position): number {
    const line = Math.min(Math.max(p.line, 0), this.starts.length - 1);
    return Math.min(this.starts[line] + p.character, this.text.length);
  }

  positionAt(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
}
