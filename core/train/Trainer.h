#pragma once
// Trains forecasting and classification models. No Torch in this header: the GUI's
// worker thread and the CLI both drive it with plain structs.
// Threading: a training call runs on the calling thread (LibTorch may use its own
// intra-op threads). `progress` is called on that thread after every batch and once per
// epoch after validation; returning false, or setting *cancel, stops within one batch,
// keeping the best weights so far. A NaN/Inf loss stops with TrainStatus::Failed and a
// message; exceptions (bad data, options) propagate as std::invalid_argument.
#include "core/models/ModelOptions.h"
#include "core/train/ForecastData.h"
#include "core/train/LinearCandidates.h"
#include "core/train/Metrics.h"
#include "core/train/TrainOptions.h"

#include <atomic>
#include <memory>

namespace aaren {
struct ModelImpl;
}

namespace aaren::train {

struct TrainResult {
  TrainStatus status = TrainStatus::Completed;
  std::string message;
  std::vector<EpochRecord> history;
  std::int64_t best_epoch = 0;  // 0 when no epoch finished
  double best_val_loss = 0;
  double seconds = 0;
  std::shared_ptr<aaren::ModelImpl> model;  // best weights, in eval mode
};

// `linear`: the least-squares part chosen for this model (chooseLinearPart, matching its
// options); without it the cycle and skip are fitted as the options say (fitLinearParts).
TrainResult trainForecaster(const ModelOptions& model_options, const TrainOptions& options,
                            const ForecastData& data, const TrainProgressFn& progress = {},
                            const std::atomic<bool>* cancel = nullptr, const LinearChoice* linear = nullptr);

TrainResult trainClassifier(const ModelOptions& model_options, const TrainOptions& options,
                            const ClassifyData& data, const TrainProgressFn& progress = {},
                            const std::atomic<bool>* cancel = nullptr);

struct ForecastEvaluation {
  ForecastMetrics metrics;          // scaled values, forecasts from the last lookback position
  std::vector<double> mse_by_step;  // horizon entries
  std::vector<double> window_mse;   // per window scored, in row order: MSE over steps and channels
};

// Scores every window of `range` (evenly spaced subset when max_windows > 0).
ForecastEvaluation evaluateForecaster(aaren::ModelImpl& model, const ForecastData& data,
                                      const RowRange& range, std::int64_t max_windows = 0,
                                      double mase_scale = 0);

// The forecaster as a stream runs it: one sequence from row `from` (position 0 there, as a
// fresh stream) to the last forecast of `range`, each step seeing every row since `from`.
// Scores the forecast made after every row r with r + 1 - lookback >= range.begin and
// r + horizon < range.end (the same targets as evaluateForecaster's windows) against rows
// r + 1 … r + horizon, scaled values. Parallel runs the model's forward over the whole
// sequence (equal to stepping, up to float rounding); Step calls ModelImpl::step per row (a
// Transformer's parallel form holds T² attention scores); Auto picks Parallel for Aaren and
// Step for the Transformer. Needs range.begin + lookback - 1 >= from >= 0.
enum class StreamEvalMode { Auto, Parallel, Step };
struct StreamEvaluation {
  ForecastMetrics metrics;
  std::vector<double> mse_by_step;  // horizon entries
  std::int64_t forecasts = 0;       // rows scored
  std::int64_t first_position = 0;  // stream position (steps since `from`) of the first scored forecast
  std::int64_t last_position = 0;
};
StreamEvaluation evaluateForecasterStreaming(aaren::ModelImpl& model, const ForecastData& data, std::int64_t from,
                                             const RowRange& range, StreamEvalMode mode = StreamEvalMode::Auto,
                                             double mase_scale = 0);

// The forecast made from the lookback rows [end - lookback, end): horizon × channels
// scaled values, time-major.
std::vector<float> forecastAt(aaren::ModelImpl& model, const ForecastData& data, std::int64_t end);

struct ClassificationEvaluation {
  ClassificationMetrics metrics;
  std::vector<int> predicted;
  std::vector<std::vector<float>> probabilities;  // per case, per class
  double loss = 0;                                // mean cross-entropy
};

ClassificationEvaluation evaluateClassifier(aaren::ModelImpl& model, const std::vector<LabeledCase>& cases,
                                            int classes);

}  // namespace aaren::train
