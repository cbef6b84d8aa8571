#pragma once
// Fills a Report from what the Experiment facade (core/train/Experiment.h) returns, or
// from a saved model and a data file: the facade does the preparing, training, scoring and
// baselines; this only gathers the results, asks the model for the forecasts the plots and
// the table show, and writes the manifest. No Torch, no Qt.
//
//   auto model = train::TrainedModel::load("etth1.aaren");
//   auto report = buildForecastReport(model, series, {.data_file = "ETTh1.csv"});
//
// Forecasting plots: per plotted channel, the last `plot_windows` horizon-long test windows
// forecast one after the other against the actual values, with the test range shaded; the
// forecast of the next horizon steps after the data (in the same plot when the test range
// ends with the data, in a second plot otherwise); the MSE of each horizon step for the
// model and the baselines; the training curves when the history is known.
//
// Threading: runs on the calling thread; the model handle may be shared (TrainedModel's
// const members are thread-safe). Throws what the facade throws: ModelFileError on a schema
// mismatch, std::invalid_argument when the data is too short for the model's split.
#include "core/data/LabeledSeriesSet.h"
#include "core/data/Series.h"
#include "core/report/Report.h"
#include "core/train/Experiment.h"
#include "core/train/TrainedModel.h"

#include <optional>
#include <string>
#include <vector>

namespace aaren::report {

struct ReportOptions {
  std::string title;                      // default: "Forecast report: <data file name>"
  std::string data_file;                  // the data as given (manifest, dataset summary)
  std::string data_format;                // "csv", "sqlite", "ts", "long"; default from the extension
  std::string report_command;             // the command that makes this report (manifest)
  std::vector<std::string> plot_channels; // channels to plot; empty = the first max_plot_channels
  std::size_t max_plot_channels = 4;
  std::int64_t plot_windows = 6;          // test windows shown in each forecast plot
  std::string generated_at_utc;           // default: now
  std::optional<train::TrainOptions> training;  // the settings used, when known (GUI, tests)
};

// A model trained in this process (the GUI after a run, tests).
Report buildForecastReport(const train::ForecastExperimentResult& result, const data::Series& series, const ReportOptions& options);
Report buildClassifyReport(const train::ClassifyExperimentResult& result, const data::LabeledSeriesSet& train,
                           const data::LabeledSeriesSet& test, const ReportOptions& options);

// A saved model and data (aaren report): scored with evaluateForecastModel (its scaler,
// split and missing-value policy), the baselines on the same windows.
Report buildForecastReport(const train::TrainedModel& model, const data::Series& series, const ReportOptions& options);
// `train` (may be empty) gives the majority-class baseline; `test` is scored.
Report buildClassifyReport(const train::TrainedModel& model, const data::LabeledSeriesSet& train, const data::LabeledSeriesSet& test,
                           const ReportOptions& options);

// Adds the live-stream section: the traces and two plots (state memory and per-sample
// step time against samples seen).
void addStreamSection(Report& report, std::vector<StreamTrace> traces);

// "2026-11-23 20:18 UTC" from "2026-11-23T20:18:26Z".
std::string displayDate(const std::string& isoUtc);

}  // namespace aaren::report
