#pragma once
// What the training worker hands back to the GUI when a job ends: the run's status and
// history, the model (trained, or loaded from a file), and everything the Evaluate tab
// draws — scores of the model and the baselines, the forecasts of every test window, or the
// classification of every test case. Built on the worker thread, then shared read-only
// (std::shared_ptr<const TrainingOutcome>); no Torch type.
#include "core/train/Experiment.h"
#include "ui/data/Dataset.h"
#include "ui/training/TrainingSetup.h"

#include <QMetaType>
#include <QString>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace aaren::ui {

// One row of the metrics table.
struct ScoreRow {
  std::string name;                      // "Aaren", "Transformer", "naive", "linear", …
  bool isModel = false;                  // the trained/loaded network (not a baseline)
  std::map<std::string, double> metrics; // forecasting: mse, mae, rmse, mape, smape, mase
  std::vector<double> mseByStep;         // forecasting: per horizon step
};

struct ForecastEvaluation {
  std::vector<ScoreRow> rows;             // the model first (when there is one), then the baselines
  aaren::train::WindowForecasts windows;  // the model's forecasts of every test window (original units)
  aaren::data::SplitBorders split;
  aaren::data::RowRange range;            // the rows scored
  std::int64_t testWindows = 0;
  std::string baselineName;               // baselines-only runs: whose forecasts `windows` holds
};

struct ClassifyEvaluation {
  std::vector<std::string> classes;
  aaren::train::ClassificationMetrics metrics;
  double loss = 0;
  std::vector<int> predicted, actual;              // per test case (actual -1: unknown label)
  std::vector<std::vector<float>> probabilities;   // per test case, per class
  std::size_t unknownLabels = 0;
};

struct TrainingOutcome {
  enum class Origin { Trained, Loaded } origin = Origin::Trained;
  aaren::train::TrainStatus status = aaren::train::TrainStatus::Completed;
  QString message;                                  // the trainer's, or why it failed
  QString modelName;                                // "Aaren", "Transformer", "Baselines", or the file name
  std::vector<aaren::train::EpochRecord> history;
  std::int64_t bestEpoch = 0;
  double trainSeconds = 0, totalSeconds = 0;
  TrainingSetup setup;

  aaren::train::TrainedModel model;                 // invalid when no epoch finished or baselines only
  QString modelPath;                                // where it is saved ("" when not)
  std::int64_t runId = 0, modelId = 0;              // in the workspace (0: not recorded)

  // What the Experiment facade returned, for reports (trained runs only).
  std::shared_ptr<const aaren::train::ForecastExperimentResult> forecastRun;
  std::shared_ptr<const aaren::train::ClassifyExperimentResult> classifyRun;

  std::shared_ptr<const ForecastEvaluation> forecast;  // forecasting
  std::shared_ptr<const ClassifyEvaluation> classify;  // classification
  DatasetPtr dataset;                               // what it was trained or evaluated on
};

using OutcomePtr = std::shared_ptr<const TrainingOutcome>;

}  // namespace aaren::ui

Q_DECLARE_METATYPE(aaren::ui::OutcomePtr)
Q_DECLARE_METATYPE(aaren::train::TrainingProgress)
