// The forecast pipeline's tasks. They pass data only through storage, in the run folder, so any of them
// can be retried alone (`gluepy dag training --retry <folder> --task <label>`).

import { context, dataManager, mlops, storage, Task } from "gluepy";
import { errorMetrics, fitStore, predict, type StoreModel } from "./model";
import { generateSales } from "./sales-data";
import "./context";

const DAY_MS = 86_400_000;

/** Adds `days` to an ISO date. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse((await storage.open(storage.runpath(path))).toString("utf8")) as T;
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await storage.touch(storage.runpath(path), `${JSON.stringify(value, null, 2)}\n`);
}

/** Loads the sales history (generating it once, deterministically, when missing) and splits it. */
export class DataTask extends Task {
  static label = "data";

  async run() {
    const { rawPath, stores, startDate, days, seed, testDays } = context.data;
    if (!(await storage.exists(rawPath))) {
      const history = generateSales(stores, startDate, days, seed);
      await dataManager.write(rawPath, await dataManager.frame({ ...history }), { root: true });
      console.log(`Generated ${days} days of sales for ${stores.length} stores into ${storage.abspath(rawPath)}`);
    }
    const pl = await dataManager.polars();
    const sales = (await dataManager.read(rawPath, { root: true })).withColumns(pl.col("date").cast(pl.Utf8)).sort(["store", "date"]);
    const lastDay = (sales.getColumn("date").toArray() as string[]).reduce((a, b) => (a > b ? a : b));
    const cutoff = addDays(lastDay, -testDays + 1);
    const training = sales.filter(pl.col("date").lt(pl.lit(cutoff)));
    const test = sales.filter(pl.col("date").gtEq(pl.lit(cutoff)));
    await dataManager.write("training.parquet", training);
    await dataManager.write("test.parquet", test);
    console.log(`${training.height} training rows before ${cutoff}, ${test.height} test rows up to ${lastDay}`);
  }
}

/** Fits one model per store on the training split. */
export class ForecastTrainingTask extends Task {
  static label = "training";

  async run() {
    const training = await dataManager.read("training.parquet");
    const models: StoreModel[] = training.partitionBy("store").map((part) =>
      fitStore(String(part.getColumn("store").get(0)), part.getColumn("date").toArray() as string[], part.getColumn("sales").toArray().map(Number), {
        ...context.model,
      }),
    );
    await writeJson("model.json", models);
    console.log(`Fitted ${models.length} store models (${models[0]?.coefficients.length ?? 0} coefficients each)`);
  }
}

/** Describes the training data per store; runs next to training, in parallel. */
export class FeatureStatsTask extends Task {
  static label = "feature_stats";

  async run() {
    const pl = await dataManager.polars();
    const training = await dataManager.read("training.parquet");
    const stats = training
      .groupBy("store")
      .agg(
        pl.col("sales").mean().alias("mean"),
        pl.col("sales").std().alias("std"),
        pl.col("sales").min().alias("min"),
        pl.col("sales").max().alias("max"),
        pl.col("sales").count().alias("days"),
      )
      .sort("store");
    await dataManager.write("feature_stats.json", stats);
  }
}

/** Predicts the held-out test days with the fitted models. */
export class ForecastTestTask extends Task {
  static label = "test";

  async run() {
    const models = new Map((await readJson<StoreModel[]>("model.json")).map((m) => [m.store, m]));
    const test = await dataManager.read("test.parquet");
    const stores = test.getColumn("store").toArray() as string[];
    const dates = test.getColumn("date").toArray() as string[];
    const predicted = stores.map((store, i) => {
      const model = models.get(store);
      if (!model) throw new Error(`No model for store '${store}' in model.json; re-run the training task.`);
      return Math.round(predict(model, dates[i]) * 100) / 100;
    });
    await dataManager.write(
      "predictions.parquet",
      await dataManager.frame({ store: stores, date: dates, actual: test.getColumn("sales").toArray().map(Number), predicted }),
    );
  }
}

/** The deliverable: the next `forecast.horizon` days per store, as parquet and csv. */
export class OutputFormatTask extends Task {
  static label = "output";

  async run() {
    const models = await readJson<StoreModel[]>("model.json");
    const test = await dataManager.read("test.parquet");
    const lastDay = (test.getColumn("date").toArray() as string[]).reduce((a, b) => (a > b ? a : b));
    const rows = { store: [] as string[], date: [] as string[], forecast: [] as number[] };
    for (const model of models) {
      for (let d = 1; d <= context.forecast.horizon; d++) {
        const date = addDays(lastDay, d);
        rows.store.push(model.store);
        rows.date.push(date);
        rows.forecast.push(Math.round(predict(model, date) * 100) / 100);
      }
    }
    const forecast = await dataManager.frame(rows);
    await dataManager.write("forecast.parquet", forecast);
    await dataManager.write("forecast.csv", forecast);
    console.log(`Forecast ${context.forecast.horizon} days for ${models.length} stores after ${lastDay}`);
  }
}

/** Scores the test predictions: mae, rmse and mape (in %) go to metrics.json. */
export class EvaluateTask extends Task {
  static label = "evaluate";

  async run() {
    const predictions = await dataManager.read("predictions.parquet");
    const scores = errorMetrics(predictions.getColumn("actual").toArray().map(Number), predictions.getColumn("predicted").toArray().map(Number));
    for (const [key, value] of Object.entries(scores)) await mlops.logMetric(key, value);
  }
}
