// Sorting the table preview's loaded rows by one column. Pure. Cells are JSON values as `gluepy preview`
// prints them: numbers (64-bit integers that are not exact come as strings of digits), strings (dates and
// times as ISO strings, which sort as text), booleans and null. Missing values go last either way.

export type SortDirection = "ascending" | "descending";

export interface SortKey {
  column: number;
  direction: SortDirection;
}

const collator = new Intl.Collator(undefined, { numeric: true });

/** Numbers, then text, then booleans, then anything else; null last (placed by the caller). */
function rank(v: unknown): number {
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "boolean") return 2;
  return 3;
}

export function compareCells(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return (a as number) - (b as number);
  if (ra === 1) return collator.compare(a as string, b as string);
  if (ra === 2) return Number(a) - Number(b);
  return collator.compare(JSON.stringify(a), JSON.stringify(b));
}

/** The indices of `rows` in the order of `key` (stable: equal cells keep the file's order). */
export function sortedOrder(rows: readonly (readonly unknown[])[], key: SortKey): number[] {
  const sign = key.direction === "ascending" ? 1 : -1;
  const order = rows.map((_, i) => i);
  order.sort((i, j) => {
    const a = rows[i]![key.column];
    const b = rows[j]![key.column];
    const aMissing = a === null || a === undefined;
    const bMissing = b === null || b === undefined;
    if (aMissing || bMissing) return aMissing === bMissing ? i - j : aMissing ? 1 : -1;
    return sign * compareCells(a, b) || i - j;
  });
  return order;
}

/** A header click: ascending, then descending, then the file's order. */
export function nextSort(current: SortKey | undefined, column: number): SortKey | undefined {
  if (current?.column !== column) return { column, direction: "ascending" };
  return current.direction === "ascending" ? { column, direction: "descending" } : undefined;
}

/** The rows a sort takes (page-aligned, at most `maxRows`): the whole table when it is that small, else
 * the `maxRows` from the page of the first row in view. A bigger table is not read whole to sort it. */
export function sortWindow(firstRowInView: number, totalRows: number, pageSize: number, maxRows: number): { start: number; end: number } {
  if (totalRows <= maxRows) return { start: 0, end: totalRows };
  const start = Math.min(Math.floor(firstRowInView / pageSize) * pageSize, Math.ceil((totalRows - maxRows) / pageSize) * pageSize);
  return { start, end: Math.min(totalRows, start + maxRows) };
}
