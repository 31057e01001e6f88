// Batches many small writes (thousands of events a second) into one write per tick: stdout to a pipe
// is a syscall per write on Linux.

export interface TextSink {
  write(text: string): unknown;
}

export class BufferedWriter {
  private chunks: string[] = [];
  private size = 0;
  private scheduled = false;

  constructor(private readonly sink: TextSink) {}

  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= 1 << 16) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.chunks.length === 0) return;
    const text = this.chunks.join("");
    this.chunks = [];
    this.size = 0;
    this.sink.write(text);
  }
}
