// The forecast example end to end through runDag, on a copy of examples/forecast (real files, real
// polars, real model fit), plus its model on data whose answer is known.

import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RunEvent } from "../../../shared/events";
import { errorMetrics, fitStore, predict } from "../../../examples/forecast/src/model";
import { runDag, type RunOutcome, type RunOptions } from "../../src/exec/run";
import { loadPolars } from "../../src/files/data/polars";
import { createStorage } from "../../src/files/storages";
import { loadProject, type LoadedProject } from "../../src/loader/load-project";
import { compareRuns } from "../../src/ops/compare";

const EXAMPLE = path.resolve(__dirname, "../../../examples/forecast");

describe("examples/forecast", () => {
  let dir: string;
  let project: LoadedProject;
  let first: { outcome: RunOutcome; events: RunEvent[] };

  async function run(opts: Partial<RunOptions> = {}) {
    const events: RunEvent[] = [];
    const outcome = await runDag({
      projectDir: project.dir,
      registry: project.registry,
      settings: project.settings,
      dag: "training",
      // --local-patch paths start where the user's shell is; here, the project copy.
      cwd: project.dir,
      onWarning: () => undefined,
      ...opts,
      onEvent: (e) => events.push(e),
    });
    return { outcome, events };
  }

  const runFile = (outcome: RunOutcome, name: string) => path.join(project.settings.storageRoot, outcome.runFolder, name);

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "gluepy-forecast-"));
    for (const entry of ["package.json", "tsconfig.json", "gluepy.config.ts", "configs", "src"]) {
      await fs.cp(path.join(EXAMPLE, entry), path.join(dir, entry), { recursive: true });
    }
    project = await loadProject(dir, { env: {} });
    first = await run();
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  it("runs every task of the training DAG, with training and feature_stats side by side", () => {
    assert.equal(first.outcome.status, "succeeded");
    const ends = first.events.filter((e) => e.event === "task-end").map((e) => [e.task, e.status]);
    assert.deepEqual(Object.fromEntries(ends), {
      data: "succeeded",
      training: "succeeded",
      feature_stats: "succeeded",
      test: "succeeded",
      output: "succeeded",
      evaluate: "succeeded",
    });
    const start = first.events.find((e) => e.event === "run-start");
    assert.ok(start && start.event === "run-start");
    const edges = start.edges.map(([a, b]) => `${a}->${b}`).sort();
    for (const edge of ["data->training", "data->feature_stats", "training->test", "feature_stats->test", "test->output", "output->evaluate"]) {
      assert.ok(edges.includes(edge), `${edge} in ${edges.join(", ")}`);
    }
    assert.ok(!edges.includes("training->feature_stats") && !edges.includes("feature_stats->training"));
  });

  it("generates the sales history once into the storage root", async () => {
    const csv = await fs.readFile(path.join(project.settings.storageRoot, "raw", "sales.csv"), "utf8");
    const lines = csv.trim().split("\n");
    assert.equal(lines[0], "store,date,sales");
    assert.equal(lines.length, 1 + 3 * 730);
  });

  it("writes a real forecast: next horizon days per store, as parquet and csv", async () => {
    const pl = await loadPolars();
    const forecast = pl.readParquet(await fs.readFile(runFile(first.outcome, "forecast.parquet")));
    assert.deepEqual(forecast.columns, ["store", "date", "forecast"]);
    assert.equal(forecast.height, 3 * 28);
    const csv = pl.readCSV(await fs.readFile(runFile(first.outcome, "forecast.csv")));
    assert.equal(csv.height, forecast.height);
    const values = forecast.getColumn("forecast").toArray() as number[];
    assert.ok(values.every((v) => v > 0), "sales forecasts are positive");
    assert.ok(new Set(values).size > 20, "the forecast follows the weekly pattern, not a constant");
    const dates = forecast.getColumn("date").toArray() as string[];
    assert.equal(dates[0], "2025-12-31", "the day after the last day of history");
  });

  it("logs mae, rmse and mape from the eval task, better than predicting each store's mean", async () => {
    const metrics = JSON.parse(await fs.readFile(runFile(first.outcome, "metrics.json"), "utf8"));
    assert.deepEqual(Object.keys(metrics).sort(), ["mae", "mape", "rmse"]);
    const metricEvents = first.events.filter((e) => e.event === "metric");
    assert.deepEqual(metricEvents.map((e) => e.event === "metric" && `${e.task}:${e.key}`), ["evaluate:mae", "evaluate:rmse", "evaluate:mape"]);

    const pl = await loadPolars();
    const predictions = pl.readParquet(await fs.readFile(runFile(first.outcome, "predictions.parquet")));
    const stats = JSON.parse(await fs.readFile(runFile(first.outcome, "feature_stats.json"), "utf8")) as { store: string; mean: number }[];
    const means = new Map(stats.map((s) => [s.store, s.mean]));
    const actual = predictions.getColumn("actual").toArray().map(Number);
    const naive = (predictions.getColumn("store").toArray() as string[]).map((s) => means.get(s)!);
    const baseline = errorMetrics(actual, naive);
    assert.ok(metrics.mae < baseline.mae * 0.6, `model mae ${metrics.mae} vs mean-predictor mae ${baseline.mae}`);
    assert.ok(metrics.mape > 0 && metrics.mape < 15, `mape ${metrics.mape}%`);
  });

  it("saves the context with the configs merged and the run meta", async () => {
    const text = await fs.readFile(runFile(first.outcome, "context.yaml"), "utf8");
    assert.match(text, /horizon: 28/);
    assert.match(text, /ridge: 0\.001/);
    assert.match(text, new RegExp(`runId: ${first.outcome.runId}`));
  });

  it("re-runs one task in a retried run with a local patch, and compares runs", async () => {
    await fs.writeFile(path.join(dir, "short.yaml"), "forecast:\n  horizon: 7\n");
    const retried = await run({ retry: first.outcome.runFolder, task: "output", localPatches: ["short.yaml"] });
    assert.equal(retried.outcome.status, "succeeded");
    assert.equal(retried.outcome.runFolder, first.outcome.runFolder);
    const pl = await loadPolars();
    const forecast = pl.readParquet(await fs.readFile(runFile(first.outcome, "forecast.parquet")));
    assert.equal(forecast.height, 3 * 7);

    const second = await run({ localPatches: ["short.yaml"] });
    const table = await compareRuns(await createStorage(project.settings), [first.outcome.runFolder, second.outcome.runFolder]);
    assert.deepEqual(table.metrics, ["mae", "mape", "rmse"]);
    assert.ok(table.values.every((row) => row.every((v) => typeof v === "number")));
  });
});

describe("examples/forecast model", () => {
  it("recovers trend and weekday effects from noiseless data", () => {
    const dates: string[] = [];
    const sales: number[] = [];
    for (let d = 0; d < 120; d++) {
      const date = new Date(Date.UTC(2025, 0, 1) + d * 86_400_000);
      dates.push(date.toISOString().slice(0, 10));
      sales.push(100 + 36.525 * (d / 365.25) * 10 + (date.getUTCDay() === 6 ? 25 : 0));
    }
    const model = fitStore("s", dates, sales, { weekly: true, yearly: false, ridge: 0 });
    assert.ok(Math.abs(model.coefficients[0] - 100) < 1e-6, String(model.coefficients[0]));
    assert.ok(Math.abs(predict(model, "2025-05-10") - (100 + 365.25 * (129 / 365.25) + 25)) < 1e-6);
    assert.deepEqual(errorMetrics([100, 200], [110, 190]), { mae: 10, rmse: 10, mape: 7.5 });
  });
});
