// Opens the bundled Experiments page in headless Chromium, as its panel would (served-page.ts): the page
// from renderExperimentsHtml with its CSP. The one seam: a nonce'd script that stubs acquireVsCodeApi,
// records what the page posts (window.__posted) and keeps its saved state in sessionStorage, which a reload
// of the page keeps as VS Code keeps a webview's state.

import type { Page } from "playwright-core";
import type { ExperimentsToExtension, ExtensionToExperiments } from "../../shared/experiments-protocol";
import { renderExperimentsHtml } from "../../client/src/experiments-page-html";
import { openServedPage, type ServedPage } from "./served-page";

const NONCE = "ZXhwZXJpbWVudHMtbm9uY2UtMTIz";

export class ExperimentsPage {
  private constructor(private readonly served: ServedPage) {}

  get page(): Page {
    return this.served.page;
  }

  /** Console errors and CSP violations seen by the page. */
  get errors(): string[] {
    return this.served.errors;
  }

  static async open(size = { width: 1200, height: 900 }): Promise<ExperimentsPage> {
    return new ExperimentsPage(await openServedPage({ html: pageHtml, stylesheet: "experiments.css", size }));
  }

  /** Sends the runs as the panel does and waits until the page has painted them. */
  async send(message: ExtensionToExperiments): Promise<void> {
    await this.page.evaluate(() => delete document.body.dataset.runsOnScreenMs);
    await this.page.evaluate((m: unknown) => window.postMessage(m, "*"), message as unknown);
    await this.page.waitForFunction(() => document.body.dataset.runsOnScreenMs !== undefined, undefined, { timeout: 30_000 });
  }

  /** Reloads the page as VS Code does when a panel comes back after a window reload (its saved state survives). */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0, undefined, { timeout: 30_000 });
  }

  /** What the page saved with setState (what VS Code would hand the panel's serializer). */
  savedState(): Promise<unknown> {
    return this.page.evaluate(() => JSON.parse(sessionStorage.getItem("state") ?? "null") as unknown);
  }

  async posted(): Promise<ExperimentsToExtension[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: ExperimentsToExtension[] }).__posted);
  }

  /** The run ids of the table's rows in the page, top to bottom. */
  async rowIds(): Promise<string[]> {
    return this.page.$$eval("#runs tbody tr[data-key]", (rows) => rows.map((r) => r.querySelector("td.run")!.textContent!.split(" · ")[1]!));
  }

  close(): Promise<void> {
    return this.served.close();
  }
}

function pageHtml(origin: string): string {
  const html = renderExperimentsHtml({ scriptUri: `${origin}/dist/media/experiments.js`, styleUri: `${origin}/experiments.css`, cspSource: origin, nonce: NONCE });
  const stub = `<script nonce="${NONCE}">window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => JSON.parse(sessionStorage.getItem("state") ?? "null") ?? undefined, setState: (s) => sessionStorage.setItem("state", JSON.stringify(s)) });</script>`;
  const main = `<script nonce="${NONCE}" src=`;
  if (!html.includes(main)) throw new Error("experiments page: the main script tag changed; update the test stub");
  return html.replace(main, `${stub}\n  ${main}`);
}
