#pragma once
// JSON views of experiment settings and results, for `--json` output, the workspace's run
// config and metrics columns, and reports. snake_case keys; NaN becomes null. No Torch.
// Threading: pure functions.
#include "core/train/Experiment.h"

#include <nlohmann/json.hpp>

namespace aaren::train {

nlohmann::json toJson(const TrainOptions& options);
nlohmann::json toJson(const ForecastPrepOptions& options);
nlohmann::json toJson(const ForecastExperimentConfig& config);  // {"model", "train", "prep", ...}
nlohmann::json toJson(const ClassifyExperimentConfig& config);
// mse, mae, rmse (scaled), mae_original, rmse_original, mape, smape, mase (original units),
// count, channels: [{name, mae, rmse, mape, smape, mase, count, near_zero}]; null where missing.
nlohmann::json toJson(const ChannelMetrics& metrics);
nlohmann::json toJson(const ForecastMetrics& metrics);
nlohmann::json toJson(const ClassificationMetrics& metrics);    // accuracy, macro_f1, confusion, per_class_accuracy, count
nlohmann::json toJson(const EpochRecord& epoch);
nlohmann::json toJson(const BaselineResult& baseline);          // name, metrics, mse_by_step

// status, message, best_epoch, seconds, data summary, test metrics, mse_by_step, baselines,
// history. Without the model's weights (see ModelFileInfo's toJson for the header).
nlohmann::json toJson(const ForecastExperimentResult& result);
nlohmann::json toJson(const ClassifyExperimentResult& result);  // includes per-case predictions
nlohmann::json toJson(const ForecastEvalResult& result);

}  // namespace aaren::train
