// Drives the VS Code workbench in headless Chromium (selectors checked in ../../../../shared/E2E-RECIPE.md):
// open a folder, quick open, command palette, code lenses, Output and Problems panels, screenshots.

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext, type FrameLocator, type Page } from "playwright-core";
import { REPO } from "./code-server";

export const SHOTS = path.join(REPO, "test-results", "e2e");

export interface Workbench {
  page: Page;
  close(): Promise<void>;
}

export async function openWorkbench(url: string, folder: string): Promise<Workbench> {
  const profile = mkdtempSync(path.join(tmpdir(), "gluepy-e2e-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: 60_000 });
  return {
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

let shot = 0;
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  shot++;
  await page.screenshot({ path: path.join(SHOTS, `${String(shot).padStart(2, "0")}-${name}.png`) });
}

/** The screen as a failed test left it (FAILED-<title>), taken before the next test changes it. */
export async function screenshotFailure(page: Page, testTitle: string): Promise<void> {
  await screenshot(page, `FAILED-${testTitle.slice(0, 40).replace(/\W+/g, "-")}`);
}

/** Opens a workspace file by name with Quick Open; waits for its tab to be the active one. */
export async function openFile(page: Page, relPath: string): Promise<void> {
  const tab = page.locator(`.tabs-container .tab.active[aria-label^="${path.basename(relPath)}"]`).first();
  const openTab = page.locator(`.tabs-container .tab[aria-label^="${path.basename(relPath)}"]`).first();
  if ((await openTab.count()) > 0) {
    await openTab.click();
    // A click on a tab scrolled out of a crowded strip, or one a toast covered, may not take: Quick Open then.
    if (await tab.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return;
  }
  for (let attempt = 1; ; attempt++) {
    // A toast or a tree may hold the focus: give it back to the workbench first.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(relPath);
    // The list shows recently opened files before the search's answer: wait for the file's own row, and pick it.
    const row = page.locator(".quick-input-list .monaco-list-row").filter({ hasText: path.basename(relPath) }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    try {
      await tab.waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** Runs a palette command by its full title ("Gluepy: Run DAG"); retries while extensions still load. */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(`>${title}`);
    // Fuzzy matching may put another command first: take the row labelled exactly `title` if there is
    // one, else the first row containing it.
    const rows = page.locator(".quick-input-list .monaco-list-row", { hasText: title });
    try {
      await rows.first().waitFor({ timeout: 3_000 });
      const labels = await rows.locator(".label-name").allInnerTexts();
      const exact = labels.findIndex((l) => l.trim() === title);
      await rows.nth(Math.max(0, exact)).click();
      return;
    } catch (e) {
      await page.keyboard.press("Escape");
      if (Date.now() > deadline) throw e;
    }
  }
}

/**
 * Picks the quick pick row containing `text`: types it into the picker's filter, then Enter on the
 * focused first row (keyboard, not a click: the list re-renders while items arrive).
 */
export async function pickQuick(page: Page, text: string): Promise<void> {
  const rows = page.locator(".quick-input-widget .quick-input-list .monaco-list-row");
  await rows.filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
  await page.locator(".quick-input-widget input").fill(text);
  await rows.first().filter({ hasText: text }).waitFor({ timeout: 10_000 });
  await page.keyboard.press("Enter");
}

export function codeLens(page: Page, text: string) {
  return page.locator(".codelens-decoration a", { hasText: text }).first();
}

/** Waits until the visible Output panel text matches. */
export async function waitForOutput(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  let last = "";
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    last = await page.locator(".part.panel .monaco-editor .view-lines").first().innerText().catch(() => "");
    if (pattern.test(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`Output never matched ${pattern}; it shows:\n${last}`);
}

/** Waits for a notification toast whose text matches; returns its text. */
export async function waitForNotification(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: pattern }).first();
  await toast.waitFor({ timeout: timeoutMs });
  return toast.innerText();
}

/** Row texts of the Problems panel (opens it). */
export async function problems(page: Page): Promise<string[]> {
  await runCommand(page, "View: Focus Problems");
  await page.locator(".markers-panel").first().waitFor({ timeout: 10_000 });
  return page.locator(".markers-panel .monaco-list-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label") ?? r.textContent ?? ""));
}

export async function waitForProblem(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let rows: string[] = [];
  while (Date.now() < deadline) {
    rows = await problems(page);
    const hit = rows.find((r) => pattern.test(r));
    if (hit) return hit;
    await page.waitForTimeout(300);
  }
  throw new Error(`No problem matched ${pattern}; Problems shows:\n${rows.join("\n")}`);
}

/** The graph page inside the webview panel. */
export function graphFrame(page: Page): FrameLocator {
  return page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
}

/**
 * The page of the webview that shows `selector`: graphs, Experiments and tables are webviews alike, and
 * after a reload every panel comes back, so "the only webview" is not a thing a test can count on.
 */
export async function webviewWith(page: Page, selector: string, timeoutMs = 30_000): Promise<FrameLocator> {
  const deadline = Date.now() + timeoutMs;
  const webviews = page.frameLocator("iframe.webview.ready");
  for (;;) {
    const count = await page.locator("iframe.webview.ready").count();
    for (let i = 0; i < count; i++) {
      const frame = webviews.nth(i).frameLocator("iframe#active-frame");
      if (await frame.locator(selector).first().isVisible().catch(() => false)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`No webview of ${count} shows ${selector} after ${timeoutMs} ms`);
    await page.waitForTimeout(250);
  }
}
