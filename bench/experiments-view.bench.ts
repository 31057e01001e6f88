// The Experiments view opening with 500 runs × 20 metrics (issue 12: ≤ 500 ms), in the real page (headless
// Chromium). Each figure: `window.postMessage` of the runs message to the start of the second animation
// frame after the page handled it (the first painted with the table). Floor, interleaved in the same run: a
// message of the same payload the page ignores, timed the same way (structured clone, dispatch, two frames).

import { loadavg } from "node:os";
import type { ExtensionToExperiments } from "../shared/experiments-protocol";
import { ExperimentsPage } from "../media/test/experiments-page";
import { experimentRuns } from "../media/test/experiment-runs";
import { median, report } from "./lib/measure";

const RUNS = 500;
const METRICS = 20;
const REPEATS = 7;

/** Posts `message` in the page and resolves with the ms to the second frame after the page's handler ran
 * (this listener is added after the page's own, so it runs after it). */
function timeToPaint(page: ExperimentsPage, message: unknown): Promise<number> {
  return page.page.evaluate(
    (m: unknown) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        window.addEventListener("message", () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start))), { once: true });
        window.postMessage(m, "*");
      }),
    message,
  );
}

async function main(): Promise<void> {
  const load = loadavg()[0]!;
  const page = await ExperimentsPage.open();
  try {
    const runs = experimentRuns(RUNS, METRICS);
    const message: ExtensionToExperiments = { type: "runs", runs, problems: [] };
    const floorMessage = { type: "bench-floor", runs, problems: [] };
    // One unmeasured round each: the page's code and the browser's caches warm, as in a panel opened once before.
    await timeToPaint(page, message);
    await timeToPaint(page, floorMessage);
    const view: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      view.push(await timeToPaint(page, message));
      floor.push(await timeToPaint(page, floorMessage));
    }
    const counted = await page.page.textContent("#count");
    const columns = await page.page.locator("#runs thead th[data-column]").count();
    if (counted !== `${RUNS} runs`) throw new Error(`the page says '${counted}', not '${RUNS} runs'`);
    const v = median(view);
    const f = median(floor);
    report("experiments-view", [
      { name: `${RUNS} runs × ${METRICS} metrics (${columns} columns): message to first paint, median of ${REPEATS}`, value: v, unit: "ms", limit: 500 },
      { name: "floor: the same message ignored, to the second frame", value: f, unit: "ms" },
      { name: "view / floor", value: v / f, unit: "x" },
      { name: "load average (1 min) before the run", value: load, unit: "" },
    ]);
  } finally {
    await page.close();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
