// The table preview's window maths: which rows and columns are in view for a scroll position, and which
// pages of rows they need. Pure. Rows have one height; columns their own widths. Browsers cap an element's
// height (Chromium near 33.5M px), so a table taller than MAX_CONTENT_PX scrolls a scaled-down spacer: the
// scroll bar's fraction maps to the same fraction of the rows, and the last row is still reached. A small
// scroll (wheel, trackpad, keys) is followed pixel for pixel instead (followScroll), so the browser can move
// the rows already drawn rather than the grid placing them again.

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

/** The table's and the spacer's extents: how far the view's top travels in the table (`range`) and in the
 * scroll area (`scrollRange`). */
function extents(viewHeight: number, totalRows: number, rowHeight: number, maxContentPx: number): { contentHeight: number; range: number; scrollRange: number } {
  const natural = totalRows * rowHeight;
  const contentHeight = Math.min(natural, maxContentPx);
  return { contentHeight, range: Math.max(0, natural - viewHeight), scrollRange: Math.max(0, contentHeight - viewHeight) };
}

function windowAt(top: number, contentHeight: number, viewHeight: number, totalRows: number, rowHeight: number): RowWindow {
  const first = Math.min(totalRows, Math.floor(top / rowHeight));
  const end = Math.min(totalRows, Math.ceil((top + viewHeight) / rowHeight));
  return { contentHeight, top, first, end };
}

/** The rows in view when the data area (`viewHeight` px tall) is scrolled to `scrollTop` (the scroll bar's
 * fraction of the rows). */
export function rowWindow(scrollTop: number, viewHeight: number, totalRows: number, rowHeight: number, maxContentPx = MAX_CONTENT_PX): RowWindow {
  const { contentHeight, range, scrollRange } = extents(viewHeight, totalRows, rowHeight, maxContentPx);
  const clamped = Math.min(Math.max(0, scrollTop), scrollRange);
  const top = scrollRange > 0 ? (clamped / scrollRange) * range : 0;
  return windowAt(top, contentHeight, viewHeight, totalRows, rowHeight);
}

/** Scrolls longer than this many views are jumps (the scroll bar dragged, Home, End): they land where the
 * scroll bar's fraction says. Shorter ones (a wheel, a trackpad, the arrow and page keys) move the rows by
 * as many pixels as the scroll, as in any list. */
export const FOLLOW_VIEWS = 2;
/** How far (table px) a followed view may drift from where the scroll bar's fraction puts it before the
 * scroll bar is moved under the view (a re-base: the rows stay, the thumb moves). For 1M rows of 22 px on
 * a 600 px track, under one pixel of the thumb. */
export const MAX_DRIFT_PX = 20_000;

/** What is kept between frames: the view's top in the table is `scrollTop + offset`. While `offset` holds,
 * a row stays at the same place in the scroll area and the browser scrolls it. */
export interface ScrollAnchor {
  scrollTop: number;
  /** Whole px, so rows are placed on whole pixels. */
  offset: number;
  viewHeight: number;
  totalRows: number;
}

export interface FollowedScroll {
  anchor: ScrollAnchor;
  window: RowWindow;
  /** Set when the scroll bar must be moved to this position (the view's rows do not change). */
  rebaseTo?: number;
}

/** The rows in view after the scroll area moved to `scrollTop` from where `previous` was: a small scroll is
 * followed pixel for pixel; a jump, a first drawing or a new row count or view height take the scroll bar's
 * fraction (as rowWindow). The scroll bar is re-based when the followed view drifts more than MAX_DRIFT_PX
 * from its fraction, or reaches an end of the scroll area before the view reaches that end of the table (so
 * the first and last rows are always reachable). */
export function followScroll(previous: ScrollAnchor | undefined, scrollTop: number, viewHeight: number, totalRows: number, rowHeight: number, maxContentPx = MAX_CONTENT_PX): FollowedScroll {
  const { contentHeight, range, scrollRange } = extents(viewHeight, totalRows, rowHeight, maxContentPx);
  const s = Math.min(Math.max(0, scrollTop), scrollRange);
  const fraction = scrollRange > 0 ? (s / scrollRange) * range : 0;
  const jump = !previous || previous.totalRows !== totalRows || previous.viewHeight !== viewHeight || Math.abs(s - previous.scrollTop) > FOLLOW_VIEWS * Math.max(viewHeight, rowHeight);
  const offset = jump ? Math.round(fraction - s) : previous.offset;
  const at = (anchor: ScrollAnchor): RowWindow => windowAt(Math.min(range, Math.max(0, anchor.scrollTop + anchor.offset)), contentHeight, viewHeight, totalRows, rowHeight);
  const anchor = { scrollTop: s, offset, viewHeight, totalRows };
  const top = at(anchor).top;
  const stuck = (s <= 0 && top > 0) || (s >= scrollRange && top < range);
  if (jump || (Math.abs(top - fraction) <= MAX_DRIFT_PX && !stuck)) return { anchor, window: at(anchor) };
  const rebaseTo = Math.round(range > 0 ? (top / range) * scrollRange : 0);
  // Within a pixel of an end already: the view takes the end's place (a few px, not a row).
  if (rebaseTo === Math.round(s)) {
    const snapped = { ...anchor, offset: Math.round(fraction - s) };
    return { anchor: snapped, window: at(snapped) };
  }
  const rebased = { ...anchor, scrollTop: rebaseTo, offset: Math.round(top - rebaseTo) };
  return { anchor: rebased, window: at(rebased), rebaseTo };
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
