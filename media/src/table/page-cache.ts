// The table preview's pages of rows: a small cache of the pages fetched (most recently used kept), each
// page fetched once however often it is asked for while on its way, a few fetches at a time, nearest to the
// view first; a fetch the view no longer wants is aborted and its answer dropped. No DOM: the page passes
// the fetch (a message to the extension, which runs `gluepy preview`).

import { LruCache } from "../../../shared/lru-cache";
import type { TableSlice } from "../../../shared/table-protocol";

/** Fetches rows `offset` to `offset + rows`; `signal` aborts when the answer is no longer wanted. */
export type FetchRows = (offset: number, rows: number, signal: AbortSignal) => Promise<TableSlice>;

export interface PageCacheOptions {
  pageSize: number;
  /** How many pages are kept; more than a view and its sort window need. */
  capacity: number;
  /** How many fetches may be under way at once. */
  maxInFlight: number;
  fetch: FetchRows;
  /** A page arrived (its slice also carries the schema and the row count). */
  onLoaded(page: number, slice: TableSlice): void;
  /** A page could not be fetched: it is not asked for again until `retry()`. */
  onError(page: number, message: string): void;
}

export class PageCache {
  private readonly pages: LruCache<number, unknown[][]>;
  private readonly inFlight = new Map<number, AbortController>();
  private readonly failed = new Map<number, string>();
  private queue: number[] = [];

  constructor(private readonly options: PageCacheOptions) {
    this.pages = new LruCache(options.capacity);
  }

  /** The rows of a page, when it is here. */
  rows(page: number): unknown[][] | undefined {
    return this.pages.get(page);
  }

  /** The pages on their way. */
  get fetching(): number[] {
    return [...this.inFlight.keys()];
  }

  /** The pages the view needs now, nearest first: those not here are fetched (a few at once, in this
   * order), those on their way that are not among them are aborted, and any still queued are forgotten. */
  want(pages: number[]): void {
    const wanted = new Set(pages);
    for (const [page, controller] of this.inFlight) {
      if (wanted.has(page)) continue;
      controller.abort();
      this.inFlight.delete(page);
    }
    this.queue = pages.filter((p) => !this.inFlight.has(p) && !this.failed.has(p) && this.pages.get(p) === undefined);
    this.pump();
  }

  /** Forgets the failures (the user asked to try again), and every page kept (the file may have changed). */
  retry(): void {
    this.failed.clear();
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
    this.pages.clear();
  }

  private pump(): void {
    while (this.inFlight.size < this.options.maxInFlight && this.queue.length > 0) this.start(this.queue.shift()!);
  }

  private start(page: number): void {
    const controller = new AbortController();
    this.inFlight.set(page, controller);
    const { pageSize } = this.options;
    const settle = (): boolean => {
      if (controller.signal.aborted) return false;
      this.inFlight.delete(page);
      return true;
    };
    this.options.fetch(page * pageSize, pageSize, controller.signal).then(
      (slice) => {
        if (!settle()) return;
        this.pages.set(page, slice.rows);
        this.options.onLoaded(page, slice);
        this.pump();
      },
      (e: unknown) => {
        if (!settle()) return;
        const message = e instanceof Error ? e.message : String(e);
        this.failed.set(page, message);
        this.options.onError(page, message);
        this.pump();
      },
    );
  }
}
