// The table preview's window maths: which rows and columns are in view for a scroll position, and which
// pages of rows they need. Pure. Rows have one height; columns their own widths. Browsers cap an element's
// height (Chromium near 33.5M px), so a table taller than MAX_CONTENT_PX scrolls a scaled-down spacer: the
// scroll bar's fraction maps to the same fraction of the rows, and the last row is still reached.

/** The tallest scrollable spacer made; a taller table is scaled onto it. */
export const MAX_CONTENT_PX = 8_000_000;

export interface RowWindow {
  /** The spacer's height (the scroll range plus the view). */
  contentHeight: number;
  /** Where the view's top is in the unscaled table (px): row r is drawn at r * rowHeight - top. */
  top: number;
  /** The first row in view and one past the last (rows partly in view count). */
  first: number;
  end: number;
}

/** The rows in view when the data area (`viewHeight` px tall) is scrolled to `scrollTop`. */
export function rowWindow(scrollTop: number, viewHeight: number, totalRows: number, rowHeight: number, maxContentPx = MAX_CONTENT_PX): RowWindow {
  const natural = totalRows * rowHeight;
  const contentHeight = Math.min(natural, maxContentPx);
  const range = Math.max(0, natural - viewHeight);
  const scrollRange = Math.max(0, contentHeight - viewHeight);
  const clamped = Math.min(Math.max(0, scrollTop), scrollRange);
  const top = scrollRange > 0 ? (clamped / scrollRange) * range : 0;
  const first = Math.min(totalRows, Math.floor(top / rowHeight));
  const end = Math.min(totalRows, Math.ceil((top + viewHeight) / rowHeight));
  return { contentHeight, top, first, end };
}

/** The scroll position that shows `row` at the top of the view (the inverse of rowWindow). */
export function scrollTopForRow(row: number, viewHeight: number, totalRows: number, rowHeight: number, maxContentPx = MAX_CONTENT_PX): number {
  const natural = totalRows * rowHeight;
  const contentHeight = Math.min(natural, maxContentPx);
  const range = Math.max(0, natural - viewHeight);
  const scrollRange = Math.max(0, contentHeight - viewHeight);
  const top = Math.min(range, Math.max(0, row * rowHeight));
  return range > 0 ? (top / range) * scrollRange : 0;
}

/** Each column's left edge, and the total width as the last entry. */
export function columnEdges(widths: number[]): number[] {
  const edges = [0];
  for (const w of widths) edges.push(edges[edges.length - 1]! + w);
  return edges;
}

/** The columns in view at `scrollLeft` over `viewWidth` px: the first and one past the last. */
export function columnWindow(scrollLeft: number, viewWidth: number, edges: number[]): { first: number; end: number } {
  const count = edges.length - 1;
  if (count <= 0) return { first: 0, end: 0 };
  // The last edge at or before x: a binary search (a 200-column frame is searched on every scroll event).
  const lastEdgeAtOrBefore = (x: number): number => {
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid]! <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const first = lastEdgeAtOrBefore(Math.max(0, scrollLeft));
  const end = Math.min(count, lastEdgeAtOrBefore(scrollLeft + viewWidth - 1) + 1);
  return { first, end };
}

/** The pages (of `pageSize` rows) holding rows first..end-1, then `around` pages before and after (read
 * ahead for the next scroll), nearest first; none past the table's end. */
export function pagesFor(first: number, end: number, pageSize: number, totalRows: number, around = 1): number[] {
  if (totalRows <= 0 || end <= first) return totalRows > 0 ? [Math.floor(Math.min(first, totalRows - 1) / pageSize)] : [];
  const lastPage = Math.ceil(totalRows / pageSize) - 1;
  const a = Math.floor(first / pageSize);
  const b = Math.min(lastPage, Math.floor((end - 1) / pageSize));
  const pages: number[] = [];
  for (let p = a; p <= b; p++) pages.push(p);
  for (let k = 1; k <= around; k++) {
    if (b + k <= lastPage) pages.push(b + k);
    if (a - k >= 0) pages.push(a - k);
  }
  return pages;
}
