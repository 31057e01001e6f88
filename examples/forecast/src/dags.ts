// The forecast DAG: data, then training and feature statistics side by side, then test and output;
// the evaluation runs last (skip it with --skip-eval, or run it alone with --retry <folder> --eval-only).

import { DAG } from "gluepy";
import { DataTask, EvaluateTask, FeatureStatsTask, ForecastTestTask, ForecastTrainingTask, OutputFormatTask } from "./tasks";

export class TrainingDAG extends DAG {
  static label = "training";
  static tasks = [DataTask, [ForecastTrainingTask, FeatureStatsTask], ForecastTestTask, OutputFormatTask];
  static evalTasks = [EvaluateTask];
}
