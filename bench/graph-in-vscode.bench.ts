// The graph panel in a real VS Code (code-server in headless Chromium, the .vsix installed as a user installs
// it): a 500-task, ~1,000-edge DAG from the message that brings it to the panel to its drawing on screen
// (the page's own data-graph-on-screen-ms), each DAG in a panel just opened, ELK in the extension host
// warmed up at activation and the layout crossing VS Code's own webview messages. The window's first panel
// starts its layout when the graph is sent; later ones while their page loads (in the direction the page
// before them had), so they are reported apart. Limit 500 ms on the first panel's; the
// floor beside it is the same panel redrawing a DAG it laid out before (no layout: messages and drawing);
// the peer, measured after it in the same run, is the same with `gluepy.graph.layout: "webview"` (ELK in
// each panel's own Web Worker, cold in every new panel).

import { loadavg } from "node:os";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { startCodeServer, type CodeServer } from "../test/e2e/support/code-server";
import { outputLog } from "../test/e2e/support/output-log";
import { copyExample, type ProjectCopy } from "../test/e2e/support/project";
import { packagedVsix } from "../test/e2e/support/vsix";
import { graphFrame, openFile, openWorkbench, runCommand, type Workbench } from "../test/e2e/support/workbench";
import { writeBigDags } from "./lib/big-dags";
import { median, report } from "./lib/measure";
import { waitFor } from "./lib/wait-for";

const TASKS = 500;
const DAGS = 4;

/** Opens DAG `label`'s graph from the palette and returns the page's time from graph message to screen. */
async function showGraphMs(page: Page, label: string): Promise<{ ms: number; engine: string | null }> {
  await runCommand(page, "Gluepy: Show DAG Graph");
  await page.locator(".quick-input-widget input").fill(label);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: label }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press("Enter");
  const frame = graphFrame(page);
  await frame.locator(`.node[data-id="t${TASKS - 1}"]`).waitFor({ timeout: 60_000 });
  const body = frame.locator("body");
  const ms = await waitFor("data-graph-on-screen-ms", async () => (await body.getAttribute("data-graph-on-screen-ms")) ?? undefined, 30_000);
  const nodes = await frame.locator(".node").count();
  if (nodes !== TASKS) throw new Error(`the ${label} panel shows ${nodes} tasks, not ${TASKS}`);
  return { ms: Number(ms), engine: await body.getAttribute("data-layout-engine-used") };
}

interface Session {
  firsts: number[];
  again: number;
  warmUp?: { tasks: number; ms: number };
}

/** One code-server with the example project and the big DAGs, each DAG's graph shown in a new panel. */
async function measure(layout: "extensionHost" | "webview"): Promise<Session> {
  let project: ProjectCopy | undefined;
  let server: CodeServer | undefined;
  let bench: Workbench | undefined;
  try {
    project = copyExample();
    writeBigDags(project.dir, TASKS, DAGS);
    server = await startCodeServer({ vsix: packagedVsix(), settings: { "gluepy.graph.layout": layout } });
    bench = await openWorkbench(server.url, project.dir);
    const { page } = bench;
    await openFile(page, "src/big-dags.ts");
    const user = path.join(server.home, "user");
    let warmUp: Session["warmUp"];
    if (layout === "extensionHost") {
      // As a user would meet it: the window has been open a while, the engine warmed up for its largest DAG.
      const m = await waitFor("the layout engine's warm-up", () => /layout engine warmed up for DAGs of (\d+) tasks in (\d+) ms/.exec(outputLog(user, "Gluepy Trace")) ?? undefined, 120_000);
      warmUp = { tasks: Number(m[1]), ms: Number(m[2]) };
    } else {
      // The same wait for the index, so both see the window equally settled.
      await page.locator(".codelens-decoration a", { hasText: "Show Graph" }).first().waitFor({ timeout: 120_000 });
    }
    const expected = layout === "extensionHost" ? "host" : "worker";
    const firsts: number[] = [];
    for (let d = 1; d <= DAGS; d++) {
      const shown = await showGraphMs(page, `big${d}`);
      if (shown.engine !== expected) throw new Error(`big${d} was laid out by ${shown.engine}, not ${expected}`);
      firsts.push(shown.ms);
      await runCommand(page, "View: Close Editor");
    }
    // The floor: big1 again in a new panel; with the extension host's engine it has the layout, so no ELK runs.
    const again = (await showGraphMs(page, "big1")).ms;
    return { firsts, again, warmUp };
  } finally {
    await bench?.close();
    await server?.stop();
    project?.remove();
  }
}

async function main(): Promise<void> {
  const host = await measure("extensionHost");
  const webview = await measure("webview");
  const firstPanel = host.firsts[0]!;
  const later = median(host.firsts.slice(1));
  report("graph-in-vscode", [
    { name: "500-task DAG, graph message → on screen, the window's first panel, ELK in the extension host (laid out as the graph is sent)", value: firstPanel, unit: "ms", limit: 500 },
    { name: "that / 500 ms limit", value: firstPanel / 500, unit: "x", limit: 1 },
    { name: `later panels (layout started while the page loads), median of ${DAGS - 1}`, value: later, unit: "ms", limit: 500 },
    { name: "floor: the same in a new panel for a DAG laid out before (no ELK: messages and drawing)", value: host.again, unit: "ms" },
    { name: "first panel / floor", value: firstPanel / host.again, unit: "x" },
    { name: `layout engine warm-up at activation (DAGs of ${host.warmUp!.tasks} tasks)`, value: host.warmUp!.ms, unit: "ms" },
    { name: `peer: the same with gluepy.graph.layout "webview" (Web Worker per panel, cold), median of ${DAGS}`, value: median(webview.firsts), unit: "ms" },
    { name: "webview engine / extension host engine (first panel)", value: median(webview.firsts) / firstPanel, unit: "x" },
    { name: "machine load average (1 min) at the end", value: loadavg()[0]!, unit: "" },
  ]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
