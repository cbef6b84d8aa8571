#pragma once
// "Baselines only": the naive, seasonal-naive, linear, RLinear and (sub-daily data) daily
// cycle + linear forecasts scored on the test part with core's baselines
// (core/train/Baselines.h), with no network, and the linear baseline's forecast of every
// test window for the forecast-vs-actual plot.
// Threading: runs on the calling thread (the training worker's).
#include "ui/training/TrainingOutcome.h"

namespace aaren::ui {

// Throws std::invalid_argument (from prepareForecast) when the data does not fit the setup.
std::shared_ptr<ForecastEvaluation> runBaselinesOnly(const aaren::data::Series& series,
                                                     const aaren::train::ForecastExperimentConfig& config);

}  // namespace aaren::ui
