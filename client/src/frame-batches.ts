// Hands on items that arrive in bursts together, at most once per frame's time: a 1,000-task run emits
// 10 events per ms, and one webview message (or progress report) per event queues up seconds behind the
// run; one per 16 ms keeps every view within a frame or two of the event.

export const FRAME_MS = 16;

export class FrameBatches<T> {
  private items: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private deliveredAt = -Infinity;

  /**
   * `leading`: the first item after `everyMs` without a delivery is delivered at once, later ones at most
   * once per `everyMs` after it. For a receiver that itself swallows deliveries closer together than that
   * (VS Code's tree views refresh on the first change and then only after 200 ms without one).
   */
  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly everyMs = FRAME_MS,
    private readonly leading = false,
  ) {}

  /** Queues an item; it is delivered within `everyMs` with whatever else arrived meanwhile. */
  push(item: T): void {
    this.items.push(item);
    if (this.timer) return;
    if (!this.leading) {
      this.timer = setTimeout(() => this.flush(), this.everyMs);
      return;
    }
    const wait = this.deliveredAt + this.everyMs - performance.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Delivers what is queued now (a run's end must not wait for the timer). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.deliveredAt = performance.now();
    this.deliver(items);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
  }
}
