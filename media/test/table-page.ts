// Opens the bundled table preview page in headless Chromium, as its panel would: the page from
// renderTableHtml with its CSP, the esbuild bundle and table.css served over HTTP (served-page.ts). The one seam: a nonce'd
// script that stubs acquireVsCodeApi, records what the page posts (window.__posted) and answers it as the
// extension would: either a fake page source in the page itself (`fake`: any page of a generated frame, at
// once, as a stand-in for `gluepy preview`; `window.__fake.failing` makes it answer with that error), or
// `answer` in the test process (a Playwright binding, outside the page's CSP: the panel's own
// PreviewRowsSource running the real CLI).

import type { Page } from "playwright-core";
import { renderTableHtml } from "../../client/src/table-page-html";
import type { ExtensionToTable, TableColumn, TableToExtension } from "../../shared/table-protocol";
import { openServedPage, type ServedPage } from "./served-page";

const NONCE = "dGFibGUtcHJldmlldy1ub25jZQ==";

export type Answer = (message: unknown) => Promise<ExtensionToTable | undefined>;

/** A generated frame served by the page itself: `cell` is the JavaScript source of `(row, column) => value`. */
export interface FakeFrame {
  cell: string;
  columns: TableColumn[];
  totalRows: number;
}

export interface TablePageOptions {
  answer?: Answer;
  fake?: FakeFrame;
  title?: string;
  size?: { width: number; height: number };
}

/** A generated frame of `columns` columns and `totalRows` rows: an id, then text, floats (some null) and ints. */
export function wideFrame(columns: number, totalRows: number): FakeFrame {
  return {
    cell: `(r, c) => c === 0 ? r : c % 4 === 1 ? "r" + r + "c" + c : c % 4 === 2 ? ((r * 7 + c) % 11 === 0 ? null : Math.round(((r * 31 + c * 17) % 1000) * 125) / 100) : (r * 13 + c) % 977`,
    columns: Array.from({ length: columns }, (_, c) => ({
      name: c === 0 ? "id" : `col_${c}`,
      type: c === 0 ? "Int64" : c % 4 === 1 ? "String" : c % 4 === 2 ? "Float64" : "Int64",
    })),
    totalRows,
  };
}

/** A fake frame's cell (r, c), computed here as the page computes it. */
export function cellOf(frame: FakeFrame): (r: number, c: number) => unknown {
  return new Function(`return ${frame.cell}`)() as (r: number, c: number) => unknown;
}

export class TablePage {
  private constructor(private readonly served: ServedPage) {}

  static async open(options: TablePageOptions): Promise<TablePage> {
    const title = options.title ?? "table.parquet";
    const answer = options.answer;
    return new TablePage(
      await openServedPage({
        html: (origin) => pageHtml(origin, title, options.fake),
        stylesheet: "table.css",
        size: options.size ?? { width: 1200, height: 700 },
        beforeLoad: answer
          ? async (page) => {
              await page.exposeFunction("__answer", (m: unknown) => answer(m).then((a) => a ?? null));
            }
          : undefined,
      }),
    );
  }

  get page(): Page {
    return this.served.page;
  }

  /** Console errors and CSP violations seen by the page. */
  get errors(): string[] {
    return this.served.errors;
  }

  async posted(): Promise<TableToExtension[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: TableToExtension[] }).__posted);
  }

  async status(): Promise<string> {
    return (await this.page.textContent("#status")) ?? "";
  }

  /** The visible text of cell (row, column) of what the grid shows, once it is drawn and loaded. */
  async cellText(row: number, column: number): Promise<string> {
    const cell = this.page.locator(`.row[data-row="${row}"]:not([hidden]) .cell[data-col="${column}"]:not([hidden]):not(.loading)`);
    await cell.waitFor({ timeout: 20_000 });
    return (await cell.textContent()) ?? "";
  }

  /** The tooltip of cell (row, column): its whole value (the cell shows a start of a value too wide for its
   * column, ending in "…"). */
  async cellTooltip(row: number, column: number): Promise<string> {
    const cell = this.page.locator(`.row[data-row="${row}"]:not([hidden]) .cell[data-col="${column}"]:not([hidden]):not(.loading)`);
    await cell.dispatchEvent("mouseover");
    return (await cell.getAttribute("title")) ?? "";
  }

  /** Scrolls the grid (as dragging its scroll bars does) and waits for the drawing of that view. */
  async scrollTo(top: number | "bottom", left: number | "right" = 0): Promise<void> {
    await this.page.evaluate(
      ([t, l]) =>
        new Promise<void>((resolve) => {
          const s = document.getElementById("scroller")!;
          s.scrollTop = t === "bottom" ? s.scrollHeight : (t as number);
          s.scrollLeft = l === "right" ? s.scrollWidth : (l as number);
          // The grid draws on the frame after the scroll event.
          requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
        }),
      [top, left] as const,
    );
  }

  close(): Promise<void> {
    return this.served.close();
  }
}

function pageHtml(origin: string, title: string, fake: FakeFrame | undefined): string {
  const html = renderTableHtml({ scriptUri: `${origin}/dist/media/table.js`, styleUri: `${origin}/table.css`, cspSource: origin, nonce: NONCE, title, detail: `runs/x/${title}` });
  const answer = fake
    ? `const f = window.__fake = { cell: ${fake.cell}, columns: ${JSON.stringify(fake.columns)}, totalRows: ${fake.totalRows}, failing: undefined };
       const answer = (m) => {
         if (m.type !== "fetch-rows") return Promise.resolve(null);
         if (f.failing) return Promise.resolve({ type: "rows-error", id: m.id, message: f.failing });
         const rows = [];
         for (let r = m.offset; r < Math.min(f.totalRows, m.offset + m.rows); r++) rows.push(f.columns.map((_, c) => f.cell(r, c)));
         return new Promise((resolve) => setTimeout(() => resolve({ type: "rows", id: m.id, slice: { columns: f.columns, totalRows: f.totalRows, offset: m.offset, rows } })));
       };`
    : "const answer = window.__answer;";
  const stub = `<script nonce="${NONCE}">{ window.__posted = []; ${answer} window.acquireVsCodeApi = () => ({ postMessage: (m) => { window.__posted.push(m); answer(m).then((a) => a && window.postMessage(a, "*")); } }); }</script>`;
  const main = `<script nonce="${NONCE}" src=`;
  if (!html.includes(main)) throw new Error("table page: the main script tag changed; update the test stub");
  return html.replace(main, `${stub}\n  ${main}`);
}
