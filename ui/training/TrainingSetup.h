#pragma once
// What the Train tab's settings describe: which model (Aaren, the Transformer baseline, or
// the statistical baselines alone) and every option of the experiment, as the core
// Experiment facade takes them (core/train/Experiment.h). Plain values, no widgets.
//
// The GUI starts from core's defaults (defaultForecastConfig / defaultClassifyConfig) with
// a quicker training schedule, so that the first click on Train on a sample dataset ends in
// about a minute on a laptop; every value is editable.
//
// Threading: plain values and pure functions.
#include "core/data/Split.h"
#include "core/train/Experiment.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>

namespace aaren::ui {

struct Dataset;

enum class ModelChoice {
  Aaren,
  Transformer,
  BaselinesOnly,  // the baselines only (forecasting; core/train/Baselines.h): no network
};

std::string toString(ModelChoice choice);          // "aaren", "transformer", "baselines"
std::optional<ModelChoice> modelChoiceFromString(const std::string& text);

struct TrainingSetup {
  ModelChoice choice = ModelChoice::Aaren;
  aaren::train::ForecastExperimentConfig forecast;
  aaren::train::ClassifyExperimentConfig classify;
  bool autoSplit = true;  // forecasting: the split follows defaultSplit() for each dataset
};

// The settings a first-time user trains with (see the header comment).
TrainingSetup defaultSetup();

// The setup adjusted to a dataset: the split kind when autoSplit, the columns it no longer
// has removed, the source path.
TrainingSetup adaptedTo(TrainingSetup setup, const Dataset& dataset);

// The rows the forecasting split would use on this dataset (nullopt when it does not fit:
// too short, or a classification set). Same rules as prepareForecast.
std::optional<aaren::data::SplitBorders> splitFor(const TrainingSetup& setup, const Dataset& dataset);

// The run configuration as the workspace stores it (core's toJson of the experiment
// config, plus "choice"), and back. Unknown or missing keys keep the defaults.
nlohmann::json toJson(const TrainingSetup& setup, bool classify);
TrainingSetup setupFromJson(const nlohmann::json& config);

}  // namespace aaren::ui
