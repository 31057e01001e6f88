// A bundled webview page in headless Chromium, served as its panel would serve it: the page's HTML (with
// its CSP), the esbuild bundles of esbuild.config.mjs and the page's stylesheet over HTTP on loopback. What
// the page harnesses of media/test share; each adds its page's HTML and its stub of acquireVsCodeApi.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import type { Page } from "playwright-core";
import { bundledOnce } from "../../test/support/bundles";
import { launchBrowser } from "./graph-page";

const ROOT = join(__dirname, "..", "..");

export interface ServedPage {
  page: Page;
  /** Console errors and CSP violations seen by the page. */
  errors: string[];
  close(): Promise<void>;
}

export interface ServeOptions {
  /** The page's HTML, given the origin it is served from (its cspSource). */
  html: (origin: string) => string;
  /** The stylesheet in media/ served as `/<name>`. */
  stylesheet: string;
  size: { width: number; height: number };
  /** Runs before the page loads (to expose a binding, say). */
  beforeLoad?: (page: Page) => Promise<void>;
}

export async function openServedPage(options: ServeOptions): Promise<ServedPage> {
  const dir = mkdtempSync(join(tmpdir(), "gluepy-webview-page-"));
  const built = await bundledOnce("webviewOptions");
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (path === "/index.html") return void res.writeHead(200, { "content-type": "text/html" }).end(options.html(origin));
    const file = path === `/${options.stylesheet}` ? join(ROOT, "media", options.stylesheet) : path.startsWith("/dist/media/") ? join(built, path.slice("/dist".length)) : undefined;
    try {
      if (!file) throw new Error("not served");
      res.writeHead(200, { "content-type": file.endsWith(".css") ? "text/css" : "text/javascript" }).end(readFileSync(file));
    } catch {
      // Chromium asks for a favicon; a webview has none.
      res.writeHead(path === "/favicon.ico" ? 204 : 404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const context = await launchBrowser(dir, { size: options.size });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await options.beforeLoad?.(page);
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0, undefined, { timeout: 30_000 });
  return {
    page,
    errors,
    close: async () => {
      await context.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
