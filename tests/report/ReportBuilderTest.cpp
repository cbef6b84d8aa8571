// The report builder on a tiny seeded run: everything in the report comes from the run
// and the model (exact numbers), whether built from the experiment or from the saved file.
#include "core/data/CsvReader.h"
#include "core/models/ModelFileInfo.h"
#include "core/report/ForecastCsv.h"
#include "core/report/ReportBuilder.h"
#include "tests/report/TinyRun.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

using namespace aaren;
using namespace aaren::report;

namespace {

const MetricsTable::Row& row(const Report& r, const std::string& name) {
  for (const auto& row : r.metrics.at(0).rows)
    if (row.name.rfind(name, 0) == 0) return row;
  throw std::runtime_error("no row " + name);
}

const Plot& plot(const Report& r, const std::string& id) {
  for (const auto& p : r.plots)
    if (p.id == id) return p;
  throw std::runtime_error("no plot " + id);
}

}  // namespace

TEST(ReportBuilder, ForecastFromTheExperiment) {
  const auto& run = aaren::testing::tinyForecastRun();
  ReportOptions options;
  options.data_file = run.csv.string();
  options.training = run.config.train;
  options.generated_at_utc = "2026-01-02T03:04:05Z";
  options.report_command = "test";
  const Report r = buildForecastReport(run.result, run.series, options);

  EXPECT_EQ(r.title, "Forecast report: tiny.csv");
  EXPECT_EQ(r.subtitle, "Aaren, 6 steps ahead from 24");
  EXPECT_EQ(r.date, "2026-01-02 03:04 UTC");
  EXPECT_EQ(r.task, "forecast");
  // Dataset.
  EXPECT_EQ(r.dataset.rows, 480);
  EXPECT_EQ(r.dataset.columns, (std::vector<std::string>{"load", "temp"}));
  EXPECT_EQ(r.dataset.first_time, 1467331200);
  EXPECT_EQ(r.dataset.last_time, 1467331200 + 479 * 3600);
  EXPECT_EQ(r.dataset.frequency, "hourly");
  EXPECT_EQ(r.dataset.missing_values, 1u);
  EXPECT_EQ(r.dataset.filled_values, 1u);
  EXPECT_EQ(r.dataset.missing_policy, "linear interpolation");
  EXPECT_EQ(r.dataset.split, "ratios 0.6 / 0.2 / 0.2");
  EXPECT_EQ(r.dataset.test_end, 480);
  EXPECT_EQ(r.dataset.test_begin, static_cast<std::int64_t>(run.result.split.test.begin));
  // Model card.
  EXPECT_EQ(r.model.name, "Aaren");
  EXPECT_EQ(r.model.parameters, run.result.model.parameterCount());
  EXPECT_EQ(r.model.seed, 11u);
  EXPECT_EQ(r.model.lookback, 24);
  EXPECT_EQ(r.model.horizon, 6);
  EXPECT_EQ(r.model.outcome, run.result.message);
  EXPECT_EQ(r.model.training.at(1).key, "Batch size");
  EXPECT_EQ(r.model.training.at(1).value, "32");
  // Metrics: the model and the three baselines, exactly as the run scored them.
  // Then one table per channel in the data's own units.
  ASSERT_EQ(r.metrics.size(), 3u);
  ASSERT_EQ(r.metrics[0].rows.size(), run.result.baselines.size() + 1);
  EXPECT_EQ(r.metrics[0].metrics, (std::vector<std::string>{"MSE (scaled)", "MAE (scaled)", "MAE", "RMSE", "MAPE %", "sMAPE %", "MASE"}));
  EXPECT_EQ(row(r, "Aaren").values[0], run.result.test.mse);
  EXPECT_EQ(row(r, "Aaren").values[1], run.result.test.mae);
  EXPECT_EQ(row(r, "Aaren").values[2], run.result.test.mae_original);
  EXPECT_EQ(row(r, "Aaren").values[3], run.result.test.rmse_original);
  EXPECT_EQ(row(r, "Aaren").values[6], run.result.test.mase);
  ASSERT_EQ(run.result.test.channels.size(), 2u);
  EXPECT_EQ(r.metrics[1].metrics, (std::vector<std::string>{"MAE", "RMSE", "MAPE %", "sMAPE %", "MASE"}));
  EXPECT_EQ(r.metrics[1].note, "channel " + run.result.test.channels[0].name +
                                   ", in its own units; MASE against the seasonal naive forecast at period " +
                                   std::to_string(run.result.mase_period));
  EXPECT_EQ(r.metrics[1].rows[0].values[0], run.result.test.channels[0].mae);
  EXPECT_EQ(r.metrics[2].rows[1].values[0], run.result.baselines[0].metrics.channels[1].mae);
  EXPECT_TRUE(row(r, "Aaren").is_model);
  EXPECT_EQ(row(r, "linear").values[0], run.result.baselines[2].metrics.mse);
  EXPECT_EQ(row(r, "naive").values[0], run.result.baselines[0].metrics.mse);
  EXPECT_EQ(r.metrics[0].note, "the test range (" + std::to_string(run.result.test_windows) +
                                   " windows; MSE and MAE on scaled values, the rest in the data's own units)");
  // The forecast table is the model's forecast after the last row, in original units.
  const auto ahead = run.result.model.forecast(run.series);
  EXPECT_EQ(r.forecast.values, ahead.values);
  EXPECT_EQ(r.forecast.timestamps, ahead.timestamps);
  EXPECT_EQ(r.forecast.timestamps.front(), r.dataset.last_time + 3600);
  EXPECT_EQ(r.forecast.steps, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
  // Plots: a forecast plot per channel (the test range ends with the data), error by step, training.
  std::vector<std::string> ids;
  for (const auto& p : r.plots) ids.push_back(p.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"forecast-1", "forecast-2", "error-by-step", "training"}));
  const Plot& f = plot(r, "forecast-1");
  ASSERT_EQ(f.lines.size(), 3u);
  EXPECT_EQ(f.lines[0].name, "actual");
  EXPECT_EQ(f.lines[1].name, "Aaren forecast");
  EXPECT_EQ(f.lines[1].y.size(), 6u * 6u);  // 6 windows of 6 steps
  EXPECT_EQ(f.lines[2].y.size(), 6u);       // the forecast ahead
  EXPECT_EQ(f.lines[2].y[0], ahead.value(0, 0));
  EXPECT_EQ(f.lines[0].x.back(), static_cast<double>(r.dataset.last_time));
  EXPECT_EQ(f.lines[1].x.back(), static_cast<double>(r.dataset.last_time));  // the last window ends with the data
  EXPECT_EQ(f.markers, std::vector<double>{static_cast<double>(r.dataset.last_time)});
  const Plot& e = plot(r, "error-by-step");
  ASSERT_EQ(e.lines.size(), 6u);  // the model and the five baselines
  EXPECT_EQ(e.lines[0].y, run.result.test_mse_by_step);
  EXPECT_EQ(plot(r, "training").lines[0].y.size(), run.result.history.size());
  // Manifest.
  EXPECT_EQ(r.manifest.data_sha256, sha256File(run.csv));
  EXPECT_EQ(r.manifest.data_sha256, run.result.dataset_sha256);
  EXPECT_EQ(r.manifest.training_command, run.config.command);
  EXPECT_EQ(r.manifest.report_command, "test");
  EXPECT_EQ(r.manifest.app_version, AAREN_VERSION);
  EXPECT_TRUE(r.notes.empty());
}

TEST(ReportBuilder, ForecastFromTheSavedModelScoresTheSame) {
  const auto& run = aaren::testing::tinyForecastRun();
  const auto model = train::TrainedModel::load(run.model);
  ReportOptions options;
  options.data_file = run.csv.string();
  const Report r = buildForecastReport(model, run.series, options);
  EXPECT_NEAR(row(r, "Aaren").values[0], run.result.test.mse, 1e-9 * run.result.test.mse);
  EXPECT_EQ(row(r, "linear").values[0], run.result.baselines[2].metrics.mse);
  EXPECT_EQ(r.model.file, run.model.string());
  EXPECT_EQ(r.model.file_bytes, std::filesystem::file_size(run.model));
  EXPECT_EQ(r.manifest.model_sha256, sha256File(run.model));
  EXPECT_EQ(r.model.training.at(0).value, "2");  // epochs, from the model's record
  // The forecast table round-trips through CSV and the project's reader.
  const std::string text = forecastCsvText(r.forecast);
  const auto back = data::readCsv(std::string_view(text));
  ASSERT_EQ(back.series.timestamps, r.forecast.timestamps);
  for (std::size_t s = 0; s < r.forecast.rows(); ++s)
    for (std::size_t c = 0; c < 2; ++c) EXPECT_EQ(back.series.at(s, c + 1), r.forecast.value(s, c));
  // Only the chosen channel is plotted; an unknown one is named.
  options.plot_channels = {"temp"};
  EXPECT_EQ(buildForecastReport(model, run.series, options).plots.front().title, "temp");
  options.plot_channels = {"tmp"};
  try {
    buildForecastReport(model, run.series, options);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "no channel named 'tmp' to plot (the model's channels: load, temp)");
  }
}

TEST(ReportBuilder, DataWithoutTimeUsesRowNumbers) {
  const auto& run = aaren::testing::tinyForecastRun();
  data::Series untimed = run.series;
  untimed.timestamps.clear();
  untimed.refreshStats();
  ReportOptions options;
  options.data_file = run.csv.string();
  // The tiny run's model has the default daily cycle: it needs the time of day.
  ASSERT_GT(run.result.info.options.daily_cycle, 0);
  try {
    buildForecastReport(train::TrainedModel::load(run.model), untimed, options);
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_EQ(std::string(e.what()), run.model.string() + ": the model has a daily cycle but the data has no timestamp column");
  }
  // Trained on the untimed rows, the same settings go without the cycle.
  auto config = run.config;
  config.source_path.clear();
  const auto result = train::runForecastExperiment(untimed, config);
  ASSERT_TRUE(result.model.valid()) << result.message;
  EXPECT_EQ(result.info.options.daily_cycle, 0);
  EXPECT_EQ(result.info.options.step_seconds, 0);
  EXPECT_TRUE(result.info.options.linear_skip);
  const auto file = run.dir / "untimed.aaren";
  result.model.save(file);
  const Report r = buildForecastReport(train::TrainedModel::load(file), untimed, options);
  EXPECT_FALSE(r.dataset.has_time);
  EXPECT_FALSE(r.forecast.has_time);
  EXPECT_TRUE(r.forecast.timestamps.empty());
  EXPECT_EQ(r.forecast.origin_row, 479);
  const Plot& f = plot(r, "forecast-1");
  EXPECT_FALSE(f.x_is_time);
  EXPECT_EQ(f.x_label, "row");
  EXPECT_EQ(f.lines[0].x.back(), 479.0);
  EXPECT_EQ(f.lines[2].x, (std::vector<double>{480, 481, 482, 483, 484, 485}));  // the forecast ahead
  EXPECT_EQ(forecastCsvText(r.forecast).substr(0, 15), "step,load,temp\n");
}

TEST(ReportBuilder, OtherDataIsNotedInTheReport) {
  const auto& run = aaren::testing::tinyForecastRun();
  const auto other = run.dir / "other.csv";
  std::filesystem::copy_file(run.csv, other, std::filesystem::copy_options::overwrite_existing);
  { std::ofstream(other, std::ios::app) << "\n"; }
  ReportOptions options;
  options.data_file = other.string();
  const Report r = buildForecastReport(train::TrainedModel::load(run.model), run.series, options);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "The data file is not the one the model was trained on (its SHA-256 differs from the training record's " +
                            run.result.dataset_sha256 + ").");
}

TEST(ReportBuilder, Classification) {
  const auto& run = aaren::testing::tinyClassifyRun();
  ReportOptions options;
  options.data_file = run.test_file.string();
  const Report r = buildClassifyReport(train::TrainedModel::load(run.model), run.train, run.test, options);
  EXPECT_EQ(r.title, "Classification report: BasicMotions_TEST.ts");
  EXPECT_EQ(r.task, "classify");
  EXPECT_EQ(r.dataset.classes, (std::vector<std::string>{"Standing", "Running", "Walking", "Badminton"}));
  EXPECT_EQ(r.dataset.train_cases, 40);
  EXPECT_EQ(r.dataset.test_cases, 40);
  EXPECT_EQ(r.dataset.max_length, 100);
  ASSERT_EQ(r.metrics[0].rows.size(), 2u);
  EXPECT_NEAR(r.metrics[0].rows[0].values[0], run.result.test.accuracy * 100, 1e-9);
  // Every class has 10 training cases: the majority baseline predicts the first, right for 10 of 40.
  EXPECT_EQ(r.metrics[0].rows[1].name, "majority class (Standing)");
  EXPECT_EQ(r.metrics[0].rows[1].values[0], 25.0);
  EXPECT_EQ(r.confusion.counts, run.result.test.confusion);
  std::int64_t total = 0;
  for (const auto& a : r.confusion.counts)
    for (auto n : a) total += n;
  EXPECT_EQ(total, 40);
  EXPECT_TRUE(r.forecast.channels.empty());
}

TEST(ReportBuilder, StreamSection) {
  Report r;
  std::vector<StreamTrace> traces(2);
  traces[0].model = "Aaren";
  traces[1].model = "Transformer";
  for (std::uint64_t n = 1000; n <= 5000; n += 1000) {
    traces[0].points.push_back({n, 576, 5.5, 9.0, 0.0055 * static_cast<double>(n) / 1000, 100 << 20});
    traces[1].points.push_back({n, static_cast<std::int64_t>(n) * 1024, 50.0 + static_cast<double>(n) / 100, 90.0, 0.1 * static_cast<double>(n) / 1000, 120 << 20});
  }
  addStreamSection(r, traces);
  ASSERT_EQ(r.plots.size(), 2u);
  EXPECT_EQ(r.plots[0].id, "stream-memory");
  EXPECT_EQ(r.plots[0].lines[1].y.back(), 5000.0 * 1024);
  EXPECT_EQ(r.plots[1].lines.size(), 4u);  // median and p99 per model
  EXPECT_EQ(r.stream.size(), 2u);
}
