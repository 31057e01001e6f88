// Opens the bundled Experiments page in headless Chromium, as its panel would: the page from
// renderExperimentsHtml with its CSP, the esbuild bundle and experiments.css served over HTTP. The one seam:
// a nonce'd script that stubs acquireVsCodeApi and records what the page posts (window.__posted).

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import type { ExperimentsToExtension, ExtensionToExperiments } from "../../shared/experiments-protocol";
import { renderExperimentsHtml } from "../../client/src/experiments-page-html";
import { bundledOnce } from "../../test/support/bundles";
import { launchBrowser } from "./graph-page";

const ROOT = join(__dirname, "..", "..");
const NONCE = "ZXhwZXJpbWVudHMtbm9uY2UtMTIz";

export class ExperimentsPage {
  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly server: Server,
    private readonly dir: string,
    /** Console errors and CSP violations seen by the page. */
    readonly errors: string[],
  ) {}

  static async open(size = { width: 1200, height: 900 }): Promise<ExperimentsPage> {
    const dir = mkdtempSync(join(tmpdir(), "gluepy-experiments-page-"));
    const built = await bundledOnce("webviewOptions");
    const server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
      if (path === "/index.html") return void res.writeHead(200, { "content-type": "text/html" }).end(pageHtml(origin));
      const file = path === "/experiments.css" ? join(ROOT, "media", "experiments.css") : path.startsWith("/dist/media/") ? join(built, path.slice("/dist".length)) : undefined;
      try {
        if (!file) throw new Error("not served");
        res.writeHead(200, { "content-type": file.endsWith(".css") ? "text/css" : "text/javascript" }).end(readFileSync(file));
      } catch {
        res.writeHead(path === "/favicon.ico" ? 204 : 404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const context = await launchBrowser(dir, { size });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0, undefined, { timeout: 30_000 });
    return new ExperimentsPage(page, context, server, dir, errors);
  }

  /** Sends the runs as the panel does and waits until the page has painted them. */
  async send(message: ExtensionToExperiments): Promise<void> {
    await this.page.evaluate(() => delete document.body.dataset.runsOnScreenMs);
    await this.page.evaluate((m: unknown) => window.postMessage(m, "*"), message as unknown);
    await this.page.waitForFunction(() => document.body.dataset.runsOnScreenMs !== undefined, undefined, { timeout: 30_000 });
  }

  async posted(): Promise<ExperimentsToExtension[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: ExperimentsToExtension[] }).__posted);
  }

  /** The run ids of the table's rows, top to bottom. */
  async rowIds(): Promise<string[]> {
    return this.page.$$eval("#runs tbody tr[data-key]", (rows) => rows.map((r) => r.querySelector("td.run")!.textContent!.split(" · ")[1]!));
  }

  async close(): Promise<void> {
    await this.context.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function pageHtml(origin: string): string {
  const html = renderExperimentsHtml({ scriptUri: `${origin}/dist/media/experiments.js`, styleUri: `${origin}/experiments.css`, cspSource: origin, nonce: NONCE });
  const stub = `<script nonce="${NONCE}">window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m) });</script>`;
  const main = `<script nonce="${NONCE}" src=`;
  if (!html.includes(main)) throw new Error("experiments page: the main script tag changed; update the test stub");
  return html.replace(main, `${stub}\n  ${main}`);
}
