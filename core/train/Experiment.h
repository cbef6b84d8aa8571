#pragma once
// Experiments: the one place that turns data and settings into a trained, scored and
// savable model. The GUI's worker thread, the `aaren` CLI and the report generator all call
// these, so none of them repeats prepare → train → evaluate → baselines → model-file record.
// No Torch type here.
//
//   ForecastExperimentConfig config;               // model, training and preparation options
//   config.source_path = "data/forecasting/ETTh1.csv";
//   auto result = runForecastExperiment(series, config, progress, &cancel);
//   result.test.metrics.mse;                       // the model on the test range (scaled values)
//   result.baselines[2].metrics.mse;               // the linear baseline on the same windows
//   result.model.save("etth1.aaren");              // weights + options + scaler + schema + record
//
// Forecasting: prepareForecast (missing-value policy, time-ordered split, scaler fitted on
// the training part), trainForecaster, evaluateForecaster on every test window (metrics on
// scaled values and the MSE of every horizon step), the same targets forecast in streaming
// mode (one long sequence from the validation range on), the naive, seasonal-naive and linear
// baselines on the same windows, and a complete ModelFileInfo. Metrics: see Metrics.h (MSE,
// MAE, RMSE on scaled values; MAE, RMSE, MAPE, sMAPE, MASE in the data's own units, overall
// and per channel, the scaler inverted; MASE against the seasonal naive baseline's period).
// Classification: prepareClassification (channels standardised on the training cases),
// trainClassifier (validation held out of the training set), evaluateClassifier on the
// test set (accuracy, macro-F1, confusion, per-class accuracy, per-case probabilities).
//
// A run that is cancelled or fails after at least one epoch still returns the best weights
// (result.model) evaluated on the test set; with no finished epoch result.model is empty
// and the metrics are zero.
//
// Threading: runs on the calling thread (LibTorch may use its own intra-op threads).
// `progress` and `stage` are called on that thread; `cancel` may be set from any thread and
// is honoured within one training batch (evaluation and baselines are not interrupted:
// they take seconds). Bad data or options throw std::invalid_argument naming the problem;
// an unreadable source file for the SHA-256 throws std::runtime_error.
#include "core/data/LabeledSeriesSet.h"
#include "core/data/Series.h"
#include "core/models/ModelFileInfo.h"
#include "core/models/ModelOptions.h"
#include "core/train/Baselines.h"
#include "core/train/LinearCandidates.h"
#include "core/train/LookbackChoice.h"
#include "core/train/NetworkGuard.h"
#include "core/train/Prepare.h"
#include "core/train/TrainOptions.h"
#include "core/train/TrainedModel.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace aaren::train {

// Reported once as each part of an experiment begins.
enum class ExperimentStage { Preparing, Training, Evaluating, Baselines, Done };
std::string toString(ExperimentStage stage);
using StageFn = std::function<void(ExperimentStage)>;

struct ForecastExperimentConfig {
  ModelOptions model;          // task, channels and horizon are set from the data and prep
  TrainOptions train;
  ForecastPrepOptions prep;
  std::string source_path;     // the data file: its SHA-256 and path go into the record
  std::string command;         // what trained it (command line, GUI action), recorded
  bool run_baselines = true;
  std::int64_t seasonal_period = 0;  // seasonal naive; 0 = detect from the training part
  // Also score the model as a stream runs it (evaluateForecasterStreaming): one sequence
  // from the start of the validation range through the test range, a forecast at every
  // test row from the whole context since then.
  bool stream_eval = true;
  // With a linear skip: choose its kind (and whether the daily cycle stays) among the
  // least-squares candidates on the validation windows (LinearCandidates.h) instead of
  // taking model.daily_cycle and model.skip_level as given.
  bool choose_linear_part = false;
  // With a daily cycle or a linear skip: keep the trained network only if it beats that
  // least-squares part on validation by more than one standard error (NetworkGuard.h).
  bool guard_network = false;
  // With choose_linear_part: also let validation choose the lookback among prep.lookback, 2×,
  // 4×, … up to 512 (LookbackChoice.h); the skip and the embedding then read the whole window.
  bool lookback_search = false;
};

struct ForecastExperimentResult {
  TrainStatus status = TrainStatus::Completed;
  std::string message;                 // the trainer's ("completed 10 epochs; best epoch 7")
  std::vector<EpochRecord> history;    // per epoch: train loss, validation loss and metrics
  std::int64_t best_epoch = 0;
  double train_seconds = 0;            // training only
  double total_seconds = 0;            // preparing to the end

  // The data as prepared.
  std::vector<std::string> columns;
  data::SplitBorders split;            // row ranges (val and test begin lookback rows early)
  std::int64_t rows = 0;
  std::int64_t test_windows = 0;
  std::int64_t frequency_seconds = 0;
  data::MissingReport missing;
  std::string dataset_sha256;          // of source_path ("" when none given)

  // On the test range, scaled values.
  ForecastMetrics test;
  std::vector<double> test_mse_by_step;     // horizon entries
  std::vector<BaselineResult> baselines;    // naive, seasonal naive (P), linear; empty if off
  double mase_scale = 0;                // mean seasonal-naive in-sample MAE per channel, scaled values
  std::int64_t mase_period = 0;         // the seasonal period MASE uses (the seasonal naive's)
  // Streaming (config.stream_eval): the same test targets, forecast from one sequence that
  // starts at row stream_from (the validation range's first row) instead of from windows.
  bool has_stream_test = false;
  ForecastMetrics stream_test;
  std::vector<double> stream_test_mse_by_step;
  std::int64_t stream_from = 0;
  std::int64_t stream_first_position = 0, stream_last_position = 0;  // positions of the scored forecasts

  // The least-squares part (config.choose_linear_part): every candidate's validation score,
  // the one chosen; empty when not chosen.
  std::vector<LinearCandidate> linear_candidates;
  std::size_t linear_chosen = 0;
  std::string linear_part;              // what the model was built on ("" without one)
  NetworkGuard guard;                   // config.guard_network: the network kept or not
  LookbackChoice lookbacks;             // config.lookback_search: every rung's score (empty otherwise)
  // The least-squares part alone on the test windows (the ablation: what the network adds
  // is test − linear_test); valid when has_linear_test.
  bool has_linear_test = false;
  ForecastMetrics linear_test;

  TrainedModel model;                  // empty when no epoch finished
  ModelFileInfo info;                  // what model.save() writes (also when model is empty)
};

ForecastExperimentResult runForecastExperiment(const data::Series& series, const ForecastExperimentConfig& config,
                                               const TrainProgressFn& progress = {},
                                               const std::atomic<bool>* cancel = nullptr, const StageFn& stage = {});

struct ClassifyExperimentConfig {
  ModelOptions model;          // task, channels and classes are set from the data
  TrainOptions train;
  std::string source_path;     // the training file (SHA-256 and path recorded)
  std::string command;
};

struct ClassifyExperimentResult {
  TrainStatus status = TrainStatus::Completed;
  std::string message;
  std::vector<EpochRecord> history;    // validation loss = cross-entropy; metrics accuracy, macro_f1
  std::int64_t best_epoch = 0;
  double train_seconds = 0, total_seconds = 0;

  std::vector<std::string> classes;    // label i is classes[i]
  std::int64_t channels = 0, train_cases = 0, test_cases = 0, max_length = 0;
  std::string dataset_sha256;

  // On the test set (empty set: zeros).
  ClassificationMetrics test;          // accuracy, macro-F1, confusion [actual][predicted], per-class accuracy
  double test_loss = 0;                // mean cross-entropy
  std::vector<int> predicted;          // per test case
  std::vector<int> actual;             // per test case
  std::vector<std::vector<float>> probabilities;  // per test case, per class

  TrainedModel model;
  ModelFileInfo info;
};

ClassifyExperimentResult runClassifyExperiment(const data::LabeledSeriesSet& train, const data::LabeledSeriesSet& test,
                                               const ClassifyExperimentConfig& config, const TrainProgressFn& progress = {},
                                               const std::atomic<bool>* cancel = nullptr, const StageFn& stage = {});

// Scores a trained forecasting model on a series the way runForecastExperiment scored it:
// the model's columns and scaler (not refitted), the split and missing-value policy recorded
// in its file (overridable), every window of the chosen part, and the baselines fitted on
// that data's training part and scored on the same windows. Throws ModelFileError on a
// schema mismatch, std::invalid_argument when the data is too short for the split.
enum class EvalPart { Test, Validation, All };
std::string toString(EvalPart part);
struct ForecastEvalOptions {
  EvalPart part = EvalPart::Test;
  std::optional<SplitKind> split;       // default: the model's (ratios when unknown)
  double train_ratio = 0, val_ratio = 0;  // split ratios; 0 = the model's (else 0.7 / 0.1)
  bool run_baselines = true;
  std::int64_t seasonal_period = 0;     // 0 = detect
};
struct ForecastEvalResult {
  data::SplitBorders split;
  data::RowRange range;                 // the rows scored (windows lie inside)
  std::int64_t windows = 0;
  ForecastMetrics metrics;              // scaled with the model's scaler
  std::vector<double> mse_by_step;
  std::vector<BaselineResult> baselines;
  double mase_scale = 0;                // as ForecastExperimentResult's
  std::int64_t mase_period = 0;
};
ForecastEvalResult evaluateForecastModel(const TrainedModel& model, const data::Series& series,
                                         const ForecastEvalOptions& options = {});

// Classifies every case of `set`; metrics over the cases whose label is one of the model's
// classes (cases with another label count in `unknown_labels`, not in the metrics).
struct ClassifyEvalResult {
  std::vector<Classification> cases;
  std::vector<int> actual;              // per case: class index, -1 when unknown or absent
  std::size_t unknown_labels = 0;
  ClassificationMetrics metrics;        // zeros when no case has a known label
};
ClassifyEvalResult evaluateClassifyModel(const TrainedModel& model, const data::LabeledSeriesSet& set);

// The settings the CLI and the GUI start from (the ones measured in docs/benchmarks.md).
ForecastExperimentConfig defaultForecastConfig();
// True when a forecaster's daily cycle can run on the series: timestamps at a regular step
// shorter than a day that divides it (hourly, 15-minute, …), with at most 1 % of the rows
// off that grid (missing steps, irregular, repeated or out-of-order timestamps).
bool dailyCycleApplies(const data::Series& series);
// Why not, for a message ("this series is daily", …); empty when it applies.
std::string dailyCycleRefusal(const data::Series& series);
// The harmonics a cycle gets at this step: the requested number, at most half the samples
// in a day (higher ones alias lower ones); 0 without a step.
std::int64_t dailyCycleHarmonics(std::int64_t requested, std::int64_t step_seconds);
// config.model as it runs on this series (what runForecastExperiment trains): the daily
// cycle left out where it does not apply and its harmonics capped, the input window at most
// the lookback. The data-dependent fields (channels, horizon, step_seconds) come later.
ModelOptions forecastOptionsFor(const data::Series& series, const ForecastExperimentConfig& config);
ClassifyExperimentConfig defaultClassifyConfig();
// The ETT split (12/4/4 months of 30 days) for a file whose name starts with "ETT" holding a
// regular series whose step divides a day, at least 20 months long; the ratio split otherwise.
SplitKind defaultSplit(const data::Series& series, const std::string& source_path);

// "2026-11-23T20:18:26Z"
std::string utcTimestamp();

}  // namespace aaren::train
