// Opens the bundled graph page in headless Chromium, as the panel would: the page from renderGraphHtml
// with its CSP, the esbuild bundles and graph.css served over HTTP. The one seam: a nonce'd script that
// stubs acquireVsCodeApi and records what the page posts (window.__posted).

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { DagGraph } from "../../shared/dag-model";
import type { RunEvent } from "../../shared/events";
import type { SourceLocation } from "../../shared/protocol";
import { validateWebviewMessage, type ExtensionToWebview, type LayoutResult, type WebviewToExtension } from "../../shared/webview-protocol";
import { renderGraphHtml } from "../../client/src/graph-page-html";
import { answerLayout, type LayoutHost } from "../../client/src/layout/host";
import { bundledOnce } from "../../test/support/bundles";

const ROOT = join(__dirname, "..", "..");
const NONCE = "dGVzdC1ub25jZS0xMjM0NTY3OA==";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
];

export interface OpenOptions {
  size?: { width: number; height: number };
  layoutEngine?: "host" | "page" | "worker";
  /** With layoutEngine "host": what answers the page's `layout` messages, as the panel does (in the
   * extension, GraphPanel with client/src/layout/host.ts). */
  hostLayout?: (request: { id: number; graph: unknown }) => Promise<LayoutResult>;
  /** A graph embedded in the page (renderGraphHtml's `initial`). */
  initial?: DagGraph<SourceLocation>;
  /** Changes the page before it is served (to test how it copes with another CSP). */
  rewriteHtml?: (html: string) => string;
  /** Open the page as a new tab of this page's browser (as VS Code opens a panel in a running window)
   * instead of launching a browser. Close such tabs after that page: in headless Chromium 156, closing a tab
   * first closed the page it was opened beside too. */
  besides?: GraphPage;
  /** Open a stream (server-sent events on loopback) that `push` sends extension messages through: how a
   * benchmark delivers run events at the panel's rate without the debugging protocol's round trip per message. */
  pushChannel?: boolean;
}

/** Answers the page's `layout` requests as the panel does: the message validated, then the host's answer. */
export function answeredBy(host: LayoutHost): NonNullable<OpenOptions["hostLayout"]> {
  return async (request) => {
    const message = validateWebviewMessage(request);
    if (message?.type !== "layout") throw new Error(`the page sent a layout request the panel refuses: ${JSON.stringify(request).slice(0, 200)}`);
    return answerLayout(host, message.id, message.graph);
  };
}

export class GraphPage {
  private constructor(
    readonly page: Page,
    /** The browser, when this page launched it (and closes it). */
    private readonly context: BrowserContext | undefined,
    private readonly server: Server,
    private readonly dir: string,
    /** Console errors and CSP violations seen by the page. */
    readonly errors: string[],
    private readonly pushStreams: ServerResponse[],
  ) {}

  static async open(options: OpenOptions = {}): Promise<GraphPage> {
    const dir = mkdtempSync(join(tmpdir(), "gluepy-graph-page-"));
    const pushStreams: ServerResponse[] = [];
    // The two webview bundles, built once per test process with esbuild.config.mjs's own options.
    const built = await bundledOnce("webviewOptions");
    const server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
      const file =
        path === "/graph.css" ? join(ROOT, "media", "graph.css") : path.startsWith("/dist/media/") ? join(built, path.slice("/dist".length)) : undefined;
      if (path === "/layout" && req.method === "POST" && options.hostLayout) {
        void answerLayoutRequest(req, res, options.hostLayout);
        return;
      }
      if (path === "/push" && options.pushChannel) {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
        res.write(": open\n\n");
        pushStreams.push(res);
        return;
      }
      if (path === "/index.html") {
        const html = pageHtml(origin, options);
        res.writeHead(200, { "content-type": "text/html" }).end(options.rewriteHtml ? options.rewriteHtml(html) : html);
        return;
      }
      try {
        if (!file) throw new Error("not served");
        const type = file.endsWith(".css") ? "text/css" : "text/javascript";
        res.writeHead(200, { "content-type": type }).end(readFileSync(file));
      } catch {
        // Chromium asks for a favicon; the webview has none.
        res.writeHead(path === "/favicon.ico" ? 204 : 404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const context = options.besides ? undefined : await launchBrowser(dir, options);
    const page = context ? (context.pages()[0] ?? (await context.newPage())) : await options.besides!.page.context().newPage();
    if (!context) await page.setViewportSize(options.size ?? { width: 1200, height: 800 });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${origin}/index.html`);
    const graphPage = new GraphPage(page, context, server, dir, errors, pushStreams);
    await graphPage.waitForReady();
    if (options.pushChannel) await page.waitForFunction(() => (window as unknown as { __pushOpen?: boolean }).__pushOpen === true, undefined, { timeout: 30_000 });
    return graphPage;
  }

  /** Reloads the page as VS Code does when a panel is moved or restored (its saved state survives). */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitForReady();
  }

  private async waitForReady(): Promise<void> {
    await this.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0, undefined, { timeout: 30_000 });
  }

  /** Sends a message as the extension does (webview.postMessage arrives as a window message event), and
   * returns once the page has handled it: a marker posted after it arrives after it. */
  async send(message: ExtensionToWebview): Promise<void> {
    await this.page.evaluate(
      (m) =>
        new Promise<void>((resolve) => {
          const marker = `handled-${Math.random()}`;
          const done = new AbortController();
          window.addEventListener(
            "message",
            (e) => {
              if (e.data !== marker) return;
              done.abort();
              resolve();
            },
            { signal: done.signal },
          );
          window.postMessage(m, "*");
          window.postMessage(marker, "*");
        }),
      message,
    );
  }

  /** Sends run events in one message, as the panel does once per frame, and waits until the page has
   * painted them (it repaints on the next animation frame). */
  async runEvents(events: RunEvent[]): Promise<void> {
    const shown = (): Promise<number> => this.page.evaluate(() => Number(document.body.dataset.runEventsShown ?? 0));
    const before = await shown();
    await this.send({ type: "run-events", events });
    await this.page.waitForFunction((n) => Number(document.body.dataset.runEventsShown ?? 0) >= n, before + events.length, { timeout: 10_000 });
  }

  /** Sends a graph and waits until that layout is drawn. */
  async showGraph(message: Extract<ExtensionToWebview, { type: "graph" }>): Promise<void> {
    const before = await this.layoutSeq();
    await this.send(message);
    await this.waitForLayoutAfter(before);
  }

  async layoutSeq(): Promise<number> {
    return this.page.evaluate(() => Number(document.body.dataset.layoutSeq ?? 0));
  }

  /** Waits for the drawing after `seq`; generous, because this machine is shared and a cold ELK is slow. */
  async waitForLayoutAfter(seq: number): Promise<void> {
    try {
      await this.page.waitForFunction((s) => Number(document.body.dataset.layoutSeq ?? 0) > s, seq, { timeout: 40_000 });
    } catch (e) {
      const shown = await this.page.textContent("#message").catch(() => "");
      throw new Error(`no new drawing after layout ${seq}: ${(e as Error).message}\npage message: ${shown}\npage errors: ${this.errors.join("\n")}`);
    }
  }

  /** The ids of the drawn nodes, sorted. */
  async shownNodes(): Promise<string[]> {
    return this.page.evaluate(() => [...document.querySelectorAll(".node")].map((n) => n.getAttribute("data-id")!).sort());
  }

  /** Types a focus selector, presses Enter and waits for the new drawing. */
  async focus(selector: string): Promise<void> {
    const seq = await this.layoutSeq();
    await this.page.fill("#focus", selector);
    await this.page.press("#focus", "Enter");
    await this.waitForLayoutAfter(seq);
  }

  /** Clicks something that relays out, and waits for the new drawing. */
  async clickAndRelayout(selector: string): Promise<void> {
    const seq = await this.layoutSeq();
    await this.page.click(selector);
    await this.waitForLayoutAfter(seq);
  }

  /** Sends a message through the push channel (OpenOptions.pushChannel) without waiting for the page. */
  push(message: ExtensionToWebview | { type: string; events: unknown[] }): void {
    const line = `data: ${JSON.stringify(message)}\n\n`;
    for (const stream of this.pushStreams) stream.write(line);
  }

  async posted(): Promise<WebviewToExtension[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: WebviewToExtension[] }).__posted);
  }

  async close(): Promise<void> {
    for (const stream of this.pushStreams.splice(0)) stream.end();
    await (this.context ?? this.page).close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

export function launchBrowser(dir: string, options: Pick<OpenOptions, "size">): Promise<BrowserContext> {
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, "config"), XDG_CACHE_HOME: join(dir, "cache") };
  return chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    env,
    viewport: options.size ?? { width: 1200, height: 800 },
  });
}

async function answerLayoutRequest(req: IncomingMessage, res: ServerResponse, answer: NonNullable<OpenOptions["hostLayout"]>): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const result = await answer(JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: number; graph: unknown });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
}

function pageHtml(origin: string, options: OpenOptions): string {
  const html = renderGraphHtml({
    scriptUri: `${origin}/dist/media/graph.js`,
    workerUri: `${origin}/dist/media/layout-worker.js`,
    styleUri: `${origin}/graph.css`,
    cspSource: origin,
    nonce: NONCE,
    layoutEngine: options.layoutEngine,
    initial: options.initial,
  });
  // `layout` requests go to options.hostLayout over HTTP on loopback (counted in __layoutRequests; a stand-in
  // for VS Code's own message passing, far quicker than the browser's debugging protocol), and its answer
  // comes back as the extension's message would; every other message is recorded in __posted.
  const stub = `<script nonce="${NONCE}">{ window.__posted = []; window.__layoutRequests = 0; const post = (m) => { if (m.type !== "layout") return window.__posted.push(m); window.__layoutRequests++; fetch("/layout", { method: "POST", body: JSON.stringify(m) }).then((r) => r.json()).then((r) => window.postMessage(r, "*")); }; window.acquireVsCodeApi = () => ({ postMessage: post, getState: () => JSON.parse(sessionStorage.getItem("state") ?? "null") ?? undefined, setState: (s) => sessionStorage.setItem("state", JSON.stringify(s)) }); }</script>`;
  // The push channel's messages arrive as the extension's do: a window message event.
  const push = options.pushChannel
    ? `<script nonce="${NONCE}">{ const source = new EventSource("/push"); source.onopen = () => (window.__pushOpen = true); source.onmessage = (e) => window.postMessage(JSON.parse(e.data), "*"); }</script>\n  `
    : "";
  const main = `<script nonce="${NONCE}" src=`;
  if (!html.includes(main)) throw new Error("graph page: the main script tag changed; update the test stub");
  return html.replace(main, `${stub}\n  ${push}${main}`);
}
