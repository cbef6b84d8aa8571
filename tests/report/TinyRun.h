#pragma once
// A tiny seeded run shared by the report tests, trained once per test process (a few
// seconds): two hourly channels written to a CSV file, an Aaren forecaster trained on it
// with the Experiment facade and saved as a model file; and an Aaren classifier trained on
// the shipped BasicMotions set.
#include "core/data/LabeledSeriesSet.h"
#include "core/data/Series.h"
#include "core/train/Experiment.h"

#include <filesystem>

namespace aaren::testing {

struct TinyForecastRun {
  std::filesystem::path dir, csv, model;
  data::Series series;  // the CSV as the project's reader returns it
  train::ForecastExperimentConfig config;
  train::ForecastExperimentResult result;
};
const TinyForecastRun& tinyForecastRun();

// The same run on hostile names: a file named `tiny "&<>'.csv` whose columns are
// `<script>alert(1)</script>` and `=1+2,"x"` (a spreadsheet formula with a comma and quotes).
inline constexpr const char* kHostileFileName = "tiny \"&<>'.csv";
inline constexpr const char* kHostileColumn = "<script>alert(1)</script>";
inline constexpr const char* kHostileFormulaColumn = "=1+2,\"x\"";
const TinyForecastRun& hostileForecastRun();

struct TinyClassifyRun {
  std::filesystem::path train_file, test_file, model;
  data::LabeledSeriesSet train, test;
  train::ClassifyExperimentConfig config;
  train::ClassifyExperimentResult result;
};
const TinyClassifyRun& tinyClassifyRun();

}  // namespace aaren::testing
