// The experiment facade and the TrainedModel handle: small seeded runs on synthetic data.
#include "core/models/Model.h"
#include "core/data/Timestamp.h"
#include "core/train/Experiment.h"
#include "core/train/ExperimentJson.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <random>
#include <unistd.h>

using namespace aaren;
using namespace aaren::train;

namespace {

namespace fs = std::filesystem;

fs::path tempDir() {
  auto dir = fs::path(::testing::TempDir()) / ("aaren-experiment-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// Two hourly channels (periods 24 and 17) with an offset and a scale far from 0 / 1, so
// scaling matters.
data::Series sineSeries(std::size_t rows = 1200) {
  data::Series s;
  s.rows = rows;
  s.names = {"load", "temp"};
  s.values.resize(2 * rows);
  for (std::size_t r = 0; r < rows; ++r) {
    s.timestamps.push_back(1467331200 + static_cast<std::int64_t>(r) * 3600);  // 2016-07-01 00:00
    s.values[r] = 100 + 20 * std::sin(2 * std::numbers::pi * static_cast<double>(r) / 24.0);
    s.values[rows + r] = -5 + 3 * std::cos(2 * std::numbers::pi * static_cast<double>(r) / 17.0);
  }
  s.refreshStats();
  return s;
}

ForecastExperimentConfig smallForecast() {
  auto c = defaultForecastConfig();
  c.prep.lookback = 32;
  c.prep.horizon = 8;
  c.prep.split = SplitKind::Ratios;
  c.prep.train_ratio = 0.6;
  c.prep.val_ratio = 0.2;
  c.model.d_model = 16;
  c.model.heads = 2;
  c.model.layers = 1;
  c.model.d_ff = 32;
  c.model.dropout = 0.0;
  c.train.epochs = 3;
  c.train.batch_size = 32;
  c.train.learning_rate = 3e-3;
  c.train.seed = 7;
  c.train.threads = 1;
  c.choose_linear_part = false;  // the configured daily cycle and skip, as given (chosen: see below)
  return c;
}

std::string writeFile(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

TEST(Experiment, ForecastRunFillsResultAndModelFileInfo) {
  const auto series = sineSeries();
  auto config = smallForecast();
  config.source_path = writeFile(tempDir() / "sine.csv", "stand-in for the data file\n");
  config.command = "aaren train --data sine.csv";
  std::vector<ExperimentStage> stages;
  std::int64_t epoch_ends = 0;
  auto res = runForecastExperiment(series, config, [&](const TrainingProgress& p) {
    epoch_ends += p.epoch_end;
    return true;
  }, nullptr, [&](ExperimentStage s) { stages.push_back(s); });

  EXPECT_EQ(res.status, TrainStatus::Completed);
  EXPECT_EQ(res.message, "completed 3 epochs; best epoch " + std::to_string(res.best_epoch));
  EXPECT_EQ(epoch_ends, 3);
  ASSERT_EQ(res.history.size(), 3u);
  EXPECT_EQ(stages, (std::vector<ExperimentStage>{ExperimentStage::Preparing, ExperimentStage::Training, ExperimentStage::Evaluating,
                                                  ExperimentStage::Baselines, ExperimentStage::Done}));
  // Split 0.6 / 0.2 / 0.2 of 1200 rows; val and test start lookback rows early.
  EXPECT_EQ(res.split.train, (data::RowRange{0, 720}));
  EXPECT_EQ(res.split.val, (data::RowRange{720 - 32, 960}));
  EXPECT_EQ(res.split.test, (data::RowRange{960 - 32, 1200}));
  EXPECT_EQ(res.test_windows, 272 - 40 + 1);
  EXPECT_EQ(res.columns, (std::vector<std::string>{"load", "temp"}));
  EXPECT_EQ(res.frequency_seconds, 3600);

  ASSERT_EQ(res.baselines.size(), 5u);  // hourly: the daily cycle + linear baseline too
  EXPECT_EQ(res.baselines[0].name, "naive");
  EXPECT_EQ(res.baselines[1].name, "seasonal naive (24)");  // the load channel's daily cycle (SeasonalPeriods)
  EXPECT_EQ(res.baselines[2].name, "linear");
  EXPECT_EQ(res.baselines[3].name, "RLinear");
  EXPECT_EQ(res.baselines[4].name, "daily cycle + linear");
  // The model learns the sines: far better than the naive forecast.
  EXPECT_LT(res.test.mse, 0.5 * res.baselines[0].metrics.mse);
  EXPECT_EQ(res.test.count, static_cast<std::size_t>(res.test_windows * 8 * 2));
  ASSERT_EQ(res.test_mse_by_step.size(), 8u);
  // Metrics in the data's own units, per channel; MASE at the seasonal naive's period.
  EXPECT_GT(res.mase_scale, 0.0);
  EXPECT_EQ(res.mase_period, 24);
  for (const auto* m : {&res.test, &res.baselines[0].metrics}) {
    ASSERT_EQ(m->channels.size(), 2u);
    EXPECT_EQ(m->channels[0].name, "load");
    EXPECT_EQ(m->channels[1].name, "temp");
    EXPECT_NEAR(m->mase, (m->channels[0].mase + m->channels[1].mase) / 2, 1e-12);
    EXPECT_NEAR(m->mae_original, (m->channels[0].mae + m->channels[1].mae) / 2, 1e-9);
  }

  ASSERT_TRUE(res.model.valid());
  const auto& info = res.info;
  EXPECT_EQ(info.options.task, Task::Forecast);
  EXPECT_EQ(info.options.channels, 2);
  EXPECT_EQ(info.options.horizon, 8);
  EXPECT_TRUE(info.options.channel_independent);
  // The input window (96 by default) is cut to the lookback; hourly rows get 12 harmonics.
  EXPECT_EQ(info.options.input_window, 32);
  EXPECT_EQ(info.options.daily_cycle, 12);
  EXPECT_EQ(info.options.step_seconds, 3600);
  EXPECT_EQ(info.parameters, res.model.parameterCount());
  EXPECT_EQ(info.schema.columns, (std::vector<std::string>{"load", "temp"}));
  EXPECT_EQ(info.schema.lookback, 32);
  EXPECT_EQ(info.schema.horizon, 8);
  EXPECT_EQ(info.schema.frequency_seconds, 3600);
  EXPECT_TRUE(info.schema.has_time);
  // The scaler is fitted on the 720 training rows only.
  double mean = 0;
  for (std::size_t r = 0; r < 720; ++r) mean += series.values[r];
  mean /= 720;
  EXPECT_EQ(info.scaler.kind, "standard");
  ASSERT_EQ(info.scaler.offset.size(), 2u);
  EXPECT_NEAR(info.scaler.offset[0], mean, 1e-9);
  EXPECT_NEAR(info.scaler.scale[0], 20 / std::sqrt(2.0), 0.05);
  EXPECT_EQ(info.record.dataset_sha256, sha256("stand-in for the data file\n"));
  EXPECT_EQ(res.dataset_sha256, info.record.dataset_sha256);
  EXPECT_TRUE(fs::path(info.record.dataset_path).is_absolute());
  EXPECT_EQ(info.record.seed, 7u);
  EXPECT_EQ(info.record.epochs, 3);
  EXPECT_EQ(info.record.command, "aaren train --data sine.csv");
  EXPECT_EQ(info.record.metrics.at("test_mse"), res.test.mse);
  EXPECT_EQ(info.record.metrics.at("linear_test_mse"), res.baselines[2].metrics.mse);
  EXPECT_EQ(info.record.metrics.at("rlinear_test_mse"), res.baselines[3].metrics.mse);
  EXPECT_EQ(info.record.metrics.at("daily_cycle_linear_test_mse"), res.baselines[4].metrics.mse);
  EXPECT_EQ(info.record.metrics.at("seasonal_naive_test_mse"), res.baselines[1].metrics.mse);
  EXPECT_EQ(info.record.trained_at_utc.size(), 20u);
}

TEST(Experiment, SaveLoadPredictIsIdenticalAndMatchesTheEvaluation) {
  const auto series = sineSeries();
  auto res = runForecastExperiment(series, smallForecast());
  ASSERT_TRUE(res.model.valid());
  const auto file = tempDir() / "sine.aaren";
  res.model.save(file);
  const auto loaded = TrainedModel::load(file);
  EXPECT_EQ(loaded.path(), file);
  EXPECT_EQ(loaded.parameterCount(), res.model.parameterCount());
  EXPECT_EQ(toJson(loaded.info()).dump(), toJson(res.model.info()).dump());

  for (std::int64_t origin : {31, 500, 1199}) {
    const auto a = res.model.forecast(series, origin);
    const auto b = loaded.forecast(series, origin);
    EXPECT_EQ(a.values, b.values) << origin;
    EXPECT_EQ(a.origin_row, origin);
    ASSERT_EQ(a.timestamps.size(), 8u);
    EXPECT_EQ(a.timestamps[0], series.timestamps[static_cast<std::size_t>(origin)] + 3600);
    EXPECT_EQ(a.timestamps[7], series.timestamps[static_cast<std::size_t>(origin)] + 8 * 3600);
  }
  const auto last = loaded.forecast(series);
  EXPECT_EQ(last.origin_row, 1199);
  EXPECT_EQ(last.columns, (std::vector<std::string>{"load", "temp"}));
  // In original units: the load forecast stays around 100 ± 20.
  for (std::int64_t k = 0; k < 8; ++k) EXPECT_NEAR(last.value(k, 0), 100, 30);

  const auto wa = res.model.forecastWindows(series, res.split.test);
  const auto wb = loaded.forecastWindows(series, res.split.test);
  ASSERT_EQ(wa.windows(), static_cast<std::size_t>(res.test_windows));
  EXPECT_EQ(wa.values, wb.values);
  EXPECT_EQ(wa.origin_rows.front(), 960 - 1);
  // Scaled back, the window forecasts reproduce the experiment's test MSE.
  long double se = 0;
  const auto& sc = res.info.scaler;
  for (std::size_t w = 0; w < wa.windows(); ++w)
    for (std::int64_t k = 0; k < 8; ++k)
      for (std::int64_t c = 0; c < 2; ++c) {
        const double p = (wa.value(w, k, c) - sc.offset[c]) / sc.scale[c];
        const double t = (wa.actualValue(w, k, c) - sc.offset[c]) / sc.scale[c];
        se += (p - t) * (p - t);
      }
  EXPECT_NEAR(static_cast<double>(se / (wa.windows() * 16)), res.test.mse, 1e-5);
  // Every window's actual values are the data's.
  EXPECT_EQ(wa.actualValue(0, 0, 0), series.at(960, 0));
  EXPECT_EQ(wa.actualValue(wa.windows() - 1, 7, 1), series.at(1199, 1));
  // Scoring the loaded model again on the same data redoes the experiment's evaluation.
  const auto again = evaluateForecastModel(loaded, series);
  EXPECT_EQ(again.range, res.split.test);
  EXPECT_EQ(again.windows, res.test_windows);
  EXPECT_EQ(again.metrics.mse, res.test.mse);
  EXPECT_EQ(again.metrics.mase, res.test.mase);
  EXPECT_EQ(again.mse_by_step, res.test_mse_by_step);
  ASSERT_EQ(again.baselines.size(), 5u);
  EXPECT_EQ(again.baselines[2].metrics.mse, res.baselines[2].metrics.mse);
  EXPECT_EQ(again.baselines[4].metrics.mse, res.baselines[4].metrics.mse);  // daily cycle + linear: the same fit
  ForecastEvalOptions val;
  val.part = EvalPart::Validation;
  val.run_baselines = false;
  const auto on_val = evaluateForecastModel(loaded, series, val);
  EXPECT_EQ(on_val.range, res.split.val);
  EXPECT_NEAR(on_val.metrics.mse, res.history[static_cast<std::size_t>(res.best_epoch - 1)].val_loss, 1e-9);
  // Strided windows are a subset.
  const auto strided = loaded.forecastWindows(series, res.split.test, 10);
  ASSERT_EQ(strided.windows(), (wa.windows() + 9) / 10);
  EXPECT_EQ(strided.value(1, 3, 1), wa.value(10, 3, 1));
}

TEST(Experiment, SeededRunsAreReproducible) {
  const auto series = sineSeries(700);
  auto config = smallForecast();
  config.train.epochs = 2;
  config.run_baselines = false;
  const auto a = runForecastExperiment(series, config);
  const auto b = runForecastExperiment(series, config);
  ASSERT_EQ(a.history.size(), 2u);
  ASSERT_EQ(b.history.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(a.history[i].train_loss, b.history[i].train_loss);
    EXPECT_EQ(a.history[i].val_loss, b.history[i].val_loss);
  }
  EXPECT_EQ(a.test.mse, b.test.mse);
  EXPECT_EQ(a.model.forecast(series).values, b.model.forecast(series).values);
  EXPECT_TRUE(a.baselines.empty());
}

TEST(Experiment, CancelKeepsTheBestEpochOrLeavesNoModel) {
  const auto series = sineSeries(700);
  auto config = smallForecast();
  std::atomic<bool> cancel{false};
  auto res = runForecastExperiment(series, config, [&](const TrainingProgress& p) {
    if (p.epoch == 2 && p.batch == 2) cancel = true;
    return true;
  }, &cancel);
  EXPECT_EQ(res.status, TrainStatus::Cancelled);
  EXPECT_EQ(res.message, "cancelled during epoch 2; kept the best weights (epoch 1)");
  ASSERT_TRUE(res.model.valid());
  EXPECT_GT(res.test.mse, 0.0);
  EXPECT_EQ(res.info.record.epochs, 1);
  EXPECT_EQ(res.info.record.metrics.at("best_epoch"), 1.0);

  cancel = true;
  auto none = runForecastExperiment(series, config, {}, &cancel);
  EXPECT_EQ(none.status, TrainStatus::Cancelled);
  EXPECT_EQ(none.message, "cancelled during epoch 1; no epoch had finished");
  EXPECT_FALSE(none.model.valid());
  EXPECT_EQ(none.test.mse, 0.0);
  EXPECT_EQ(none.baselines.size(), 5u);  // the baselines need no training
  EXPECT_EQ(none.info.schema.columns, (std::vector<std::string>{"load", "temp"}));
  EXPECT_THROW(none.model.info(), std::logic_error);
}

// A model built directly (untrained weights) with a known scaler: forecasts are unscaled
// exactly, schema problems and short histories give exact messages.
TrainedModel untrained(std::int64_t lookback, const ScalerInfo& scaler, std::vector<std::string> columns) {
  ModelOptions o;
  o.channels = static_cast<std::int64_t>(columns.size());
  o.horizon = 3;
  o.d_model = 8;
  o.heads = 2;
  o.layers = 1;
  o.d_ff = 8;
  o.dropout = 0;
  torch::manual_seed(3);
  ModelFileInfo info;
  info.scaler = scaler;
  info.schema.columns = std::move(columns);
  info.schema.lookback = lookback;
  info.schema.horizon = 3;
  return TrainedModel::fromModule(makeModel(o).ptr(), info);
}

data::Series table(std::vector<std::string> names, std::size_t rows, const std::function<double(std::size_t, std::size_t)>& f) {
  data::Series s;
  s.rows = rows;
  s.names = std::move(names);
  for (std::size_t c = 0; c < s.names.size(); ++c)
    for (std::size_t r = 0; r < rows; ++r) s.values.push_back(f(r, c));
  s.refreshStats();
  return s;
}

TEST(TrainedModel, ForecastsAreInOriginalUnits) {
  const auto identity = untrained(6, ScalerInfo{"none", {}, {}}, {"a", "b"});
  ScalerInfo affine{"standard", {5.0, -1.0}, {2.0, 0.5}};
  auto scaled_model = TrainedModel::fromModule(identity.module(), [&] {
    auto info = identity.info();
    info.scaler = affine;
    return info;
  }());
  const auto raw = table({"a", "b"}, 10, [](std::size_t r, std::size_t c) { return std::sin(0.3 * r + c); });
  const auto shifted = table({"a", "b"}, 10, [&](std::size_t r, std::size_t c) {
    return std::sin(0.3 * r + c) * affine.scale[c] + affine.offset[c];
  });
  const auto f = identity.forecast(raw, 8);
  const auto g = scaled_model.forecast(shifted, 8);
  ASSERT_EQ(f.values.size(), 6u);
  for (std::int64_t k = 0; k < 3; ++k)
    for (std::int64_t c = 0; c < 2; ++c)
      EXPECT_NEAR(g.value(k, c), f.value(k, c) * affine.scale[c] + affine.offset[c], 1e-6);
  EXPECT_TRUE(f.timestamps.empty());  // no time axis
}

TEST(TrainedModel, SelectsColumnsByNameAndRefusesOtherSchemas) {
  const auto model = untrained(4, ScalerInfo{}, {"a", "b"});
  const auto ab = table({"a", "b"}, 6, [](std::size_t r, std::size_t c) { return r * 0.1 + c; });
  const auto ac = table({"a", "c"}, 6, [](std::size_t r, std::size_t c) { return r * 0.1 + c; });
  try {
    model.forecast(ac);
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_EQ(e.kind(), ModelFileError::Kind::SchemaMismatch);
    EXPECT_STREQ(e.what(), "model expects columns a,b but the data has a,c (missing b; not in the model c)");
  }
  try {
    model.forecast(ab, 2);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "a forecast from row 2 needs 4 rows of history (the model's lookback) but there are 3");
  }
  try {
    model.forecast(ab, 6);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "row 6 is outside the data (rows 0 to 5)");
  }
  data::LabeledSeriesSet cases;
  cases.channels = 2;
  try {
    model.checkSchema(cases);
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_STREQ(e.what(), "the model is a forecasting model but the data is a set of labelled cases");
  }
  // Saved and loaded, the messages start with the file.
  const auto file = tempDir() / "ab.aaren";
  model.save(file);
  try {
    TrainedModel::load(file).checkSchema(ac);
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_EQ(std::string(e.what()), file.string() + ": model expects columns a,b but the data has a,c (missing b; not in the model c)");
  }
}

TEST(TrainedModel, MissingHistoryIsInterpolatedWithoutLookingAhead) {
  const auto model = untrained(5, ScalerInfo{}, {"a"});
  auto full = table({"a"}, 8, [](std::size_t r, std::size_t) { return 0.5 * r; });
  auto gappy = full;
  gappy.values[4] = std::nan("");  // inside: linear between rows 3 and 5 -> exactly 2.0
  EXPECT_EQ(model.forecast(gappy, 6).values, model.forecast(full, 6).values);
  auto trailing = full;
  trailing.values[6] = std::nan("");  // last history row: takes row 5's value, never row 7's
  auto carried = full;
  carried.values[6] = carried.values[5];
  EXPECT_EQ(model.forecast(trailing, 6).values, model.forecast(carried, 6).values);
  auto empty = table({"a"}, 8, [](std::size_t, std::size_t) { return std::nan(""); });
  try {
    model.forecast(empty, 6);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "column 'a' has no value in the 7 rows of history before the forecast");
  }
}

TEST(TrainedModel, MonthlyForecastStepsStayOnTheCalendar) {
  const auto model = untrained(3, ScalerInfo{}, {"a"});
  auto s = table({"a"}, 4, [](std::size_t r, std::size_t) { return static_cast<double>(r); });
  // Month starts: a fixed number of seconds per step would drift (February 2024 has 29 days).
  s.timestamps = {data::daysFromCivil(2023, 11, 1) * 86400 + 7200, data::daysFromCivil(2023, 12, 1) * 86400 + 7200,
                  data::daysFromCivil(2024, 1, 1) * 86400 + 7200, data::daysFromCivil(2024, 2, 1) * 86400 + 7200};
  s.refreshStats();
  ASSERT_EQ(s.time.frequency.months, 1);
  const auto f = model.forecast(s);
  ASSERT_EQ(f.timestamps.size(), 3u);
  EXPECT_EQ(data::formatTimestamp(f.timestamps[0]), "2024-03-01 02:00:00");
  EXPECT_EQ(data::formatTimestamp(f.timestamps[1]), "2024-04-01 02:00:00");
  EXPECT_EQ(data::formatTimestamp(f.timestamps[2]), "2024-05-01 02:00:00");
}

data::LabeledSeriesSet shapes(int cases, int seed) {
  data::LabeledSeriesSet s;
  s.name = "shapes";
  s.channels = 2;
  s.channelNames = {"dim_0", "dim_1"};
  s.classNames = {"rising", "falling"};
  for (int i = 0; i < cases; ++i) {
    const int label = (i + seed) % 2;
    const std::size_t len = 10 + static_cast<std::size_t>((i * 3 + seed) % 7);
    std::vector<double> v;
    for (std::size_t c = 0; c < 2; ++c)
      for (std::size_t t = 0; t < len; ++t)
        v.push_back(50 + (label == 0 ? 1 : -1) * 4 * (static_cast<double>(t) / 8.0 - 0.6) + 0.3 * std::sin(i + t + c));
    s.data.push_back(v);
    s.lengths.push_back(len);
    s.labels.push_back(s.classNames[static_cast<std::size_t>(label)]);
    s.classIndex.push_back(label);
  }
  return s;
}

TEST(Experiment, ClassificationRunSavesLoadsAndClassifies) {
  const auto train = shapes(60, 0), test = shapes(20, 1);
  auto config = defaultClassifyConfig();
  config.model.d_model = 16;
  config.model.heads = 2;
  config.model.layers = 1;
  config.model.d_ff = 32;
  config.model.dropout = 0;
  config.train.epochs = 15;
  config.train.batch_size = 16;
  config.train.learning_rate = 3e-3;
  config.train.patience = 0;
  config.train.threads = 1;
  config.train.seed = 7;
  auto res = runClassifyExperiment(train, test, config);
  EXPECT_EQ(res.status, TrainStatus::Completed);
  EXPECT_EQ(res.classes, (std::vector<std::string>{"rising", "falling"}));
  EXPECT_EQ(res.train_cases, 60);
  EXPECT_EQ(res.test_cases, 20);
  EXPECT_EQ(res.max_length, 16);
  EXPECT_EQ(res.test.accuracy, 1.0);
  EXPECT_EQ(res.test.confusion, (std::vector<std::vector<std::int64_t>>{{10, 0}, {0, 10}}));
  EXPECT_EQ(res.test.per_class_accuracy, (std::vector<double>{1.0, 1.0}));
  ASSERT_EQ(res.probabilities.size(), 20u);
  EXPECT_EQ(res.actual[0], 1);
  EXPECT_EQ(res.info.schema.classes, res.classes);
  EXPECT_EQ(res.info.schema.columns, (std::vector<std::string>{"dim_0", "dim_1"}));
  EXPECT_EQ(res.info.schema.max_length, 16);
  EXPECT_EQ(res.info.record.metrics.at("test_accuracy"), 1.0);
  ASSERT_EQ(res.info.scaler.offset.size(), 2u);
  EXPECT_NEAR(res.info.scaler.offset[0], 50, 1.0);

  const auto file = tempDir() / "shapes.aaren";
  res.model.save(file);
  const auto loaded = TrainedModel::load(file);
  const auto before = res.model.classify(test);
  const auto after = loaded.classify(test);
  ASSERT_EQ(after.size(), 20u);
  for (std::size_t i = 0; i < 20; ++i) {
    EXPECT_EQ(before[i].probabilities, after[i].probabilities);
    EXPECT_EQ(after[i].predicted, res.predicted[i]);
    EXPECT_EQ(after[i].predicted_class, res.classes[static_cast<std::size_t>(res.predicted[i])]);
    for (std::size_t k = 0; k < 2; ++k) EXPECT_NEAR(after[i].probabilities[k], res.probabilities[i][k], 1e-5);
  }
  auto relabelled = test;
  relabelled.labels[0] = "sideways";
  const auto ev = evaluateClassifyModel(loaded, relabelled);
  EXPECT_EQ(ev.unknown_labels, 1u);
  EXPECT_EQ(ev.actual[0], -1);
  EXPECT_EQ(ev.metrics.count, 19u);
  EXPECT_EQ(ev.metrics.accuracy, 1.0);
  const auto one = loaded.classify(test, 5);
  EXPECT_EQ(one.predicted, after[5].predicted);
  EXPECT_NEAR(one.probabilities[0], after[5].probabilities[0], 1e-5);

  auto three = test;
  three.channels = 3;
  try {
    loaded.checkSchema(three);
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_EQ(std::string(e.what()), file.string() + ": model expects 2 channels but the data has 3");
  }
  EXPECT_THROW(loaded.forecast(sineSeries(100)), ModelFileError);
}

TEST(Experiment, TheDailyCycleNeedsARegularSubDailyGrid) {
  auto series = sineSeries(1000);
  EXPECT_TRUE(dailyCycleApplies(series));
  EXPECT_EQ(dailyCycleRefusal(series), "");
  // 10 missing hours in 1,000 rows (1 %) are tolerated; 11 are not.
  auto gappy = [&](std::size_t missing) {
    data::Series s = series;
    for (std::size_t r = 0; r < s.rows; ++r) s.timestamps[r] += static_cast<std::int64_t>(r >= 500 ? missing : 0) * 3600;
    s.refreshStats();
    return s;
  };
  EXPECT_TRUE(dailyCycleApplies(gappy(10)));
  EXPECT_EQ(dailyCycleRefusal(gappy(11)), "this series has 11 missing, irregular or repeated steps in 1000 rows, more than 1 %");
  data::Series daily = series;
  for (std::size_t r = 0; r < daily.rows; ++r) daily.timestamps[r] = 1467331200 + static_cast<std::int64_t>(r) * 86400;
  daily.refreshStats();
  EXPECT_EQ(dailyCycleRefusal(daily), "this series is daily");
  data::Series untimed = series;
  untimed.timestamps.clear();
  untimed.refreshStats();
  EXPECT_EQ(dailyCycleRefusal(untimed), "this series has no timestamps");
}

TEST(Experiment, TheDailyCycleHasAtMostHalfTheSamplesOfADayAsHarmonics) {
  EXPECT_EQ(dailyCycleHarmonics(12, 3600), 12);     // hourly: 24 a day
  EXPECT_EQ(dailyCycleHarmonics(12, 7200), 6);      // every 2 h
  EXPECT_EQ(dailyCycleHarmonics(12, 43200), 1);     // twice a day
  EXPECT_EQ(dailyCycleHarmonics(12, 900), 12);      // 15 min: as asked
  EXPECT_EQ(dailyCycleHarmonics(0, 3600), 0);
  EXPECT_EQ(dailyCycleHarmonics(12, 0), 0);
  auto two_hourly = sineSeries(1200);
  for (std::size_t r = 0; r < two_hourly.rows; ++r) two_hourly.timestamps[r] = 1467331200 + static_cast<std::int64_t>(r) * 7200;
  two_hourly.refreshStats();
  auto config = smallForecast();
  config.train.epochs = 1;
  EXPECT_EQ(runForecastExperiment(two_hourly, config).info.options.daily_cycle, 6);
}

// The default chooses the least-squares part on validation and guards the network; the result,
// its JSON and the saved model record both.
TEST(Experiment, DefaultChoosesTheLinearPartOnValidationAndGuardsTheNetwork) {
  const auto series = sineSeries();
  auto config = smallForecast();
  config.choose_linear_part = true;
  config.train.epochs = 1;
  const auto res = runForecastExperiment(series, config);
  ASSERT_TRUE(res.model.valid()) << res.message;
  ASSERT_EQ(res.linear_candidates.size(), 8u);  // naive, seasonal naive (24), 3 maps, 3 maps after the cycle
  EXPECT_EQ(res.linear_candidates[0].name, "naive");
  EXPECT_EQ(res.linear_candidates[1].name, "seasonal naive (24)");
  EXPECT_EQ(res.linear_candidates[7].name, "daily cycle + RLinear");
  const auto& pick = res.linear_candidates.at(res.linear_chosen);
  for (const auto& c : res.linear_candidates)  // the pick has the fewest parameters of those within 1 SE
    if (c.eligible) EXPECT_LE(pick.parameters, c.parameters) << c.name;
  EXPECT_EQ(res.linear_part, pick.name);
  EXPECT_EQ(res.info.options.daily_cycle, pick.daily_cycle ? 12 : 0);
  EXPECT_EQ(res.info.options.skip_level, pick.level);
  ASSERT_TRUE(res.guard.checked);
  EXPECT_EQ(res.guard.linear_name, pick.name);
  EXPECT_NEAR(res.guard.linear_val_mse, pick.val_mse, 1e-4 * pick.val_mse + 1e-7);
  EXPECT_EQ(res.info.record.linear_part, pick.name);
  EXPECT_EQ(res.info.record.network_note, res.guard.message());
  EXPECT_EQ(res.info.record.metrics.at("network_kept"), res.guard.network_kept ? 1.0 : 0.0);
  ASSERT_TRUE(res.has_linear_test);
  const auto j = toJson(res);
  EXPECT_EQ(j["linear_part"], pick.name);
  EXPECT_EQ(j["linear_candidates"].size(), 8u);
  EXPECT_EQ(j["linear_candidates"][res.linear_chosen]["chosen"], true);
  EXPECT_EQ(j["guard"]["network_kept"], res.guard.network_kept);
  // The saved model keeps what it was built on.
  const auto file = tempDir() / "chosen.aaren";
  res.model.save(file.string());
  const auto back = TrainedModel::load(file.string());
  EXPECT_EQ(back.info().record.linear_part, pick.name);
  EXPECT_EQ(back.info().record.network_note, res.guard.message());
  EXPECT_EQ(back.info().options.skip_level, pick.level);
  // Loaded, it scores the test part exactly as the run did (the guard's choice is in the weights).
  EXPECT_EQ(evaluateForecastModel(back, series).metrics.mse, res.test.mse);
}

// A noisy cycle of 60 rows: lookback 16 sees no whole cycle (validation MSE 0.151); longer windows average
// the noise away, so 512 is best (0.0658), 64 (0.0704) more than one SE (0.0020) behind; 128 (0.0677) stays.
TEST(Experiment, LookbackSearchKeepsTheShortestLookbackWithinOneSeOfTheBest) {
  data::Series s;
  const std::size_t rows = 1500;
  s.rows = rows;
  s.names = {"v"};
  std::mt19937 rng(11);
  std::normal_distribution<double> noise(0.0, 0.2);
  for (std::size_t r = 0; r < rows; ++r)
    s.values.push_back(std::sin(2 * std::numbers::pi * static_cast<double>(r) / 60.0) +
                       0.5 * std::sin(6 * std::numbers::pi * static_cast<double>(r) / 60.0) + noise(rng));
  s.refreshStats();
  auto config = smallForecast();
  config.choose_linear_part = true;
  config.lookback_search = true;
  config.prep.lookback = 16;
  config.prep.horizon = 30;
  config.train.epochs = 1;
  const auto res = runForecastExperiment(s, config);
  ASSERT_EQ(res.lookbacks.scores.size(), 6u);  // 16, 32, 64, 128, 256, 512
  EXPECT_EQ(res.lookbacks.lookback(), 128);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(res.lookbacks.scores[i].eligible, i >= 3) << res.lookbacks.scores[i].lookback;
  EXPECT_NEAR(res.lookbacks.scores[0].val_mse, 0.1508, 1e-4);
  EXPECT_NEAR(res.lookbacks.scores[5].val_mse, 0.0658, 1e-4);
  EXPECT_EQ(res.info.schema.lookback, 128);
  EXPECT_EQ(res.info.options.input_window, 128);
  EXPECT_EQ(toJson(res)["lookback_search"][3]["chosen"], true);
}

TEST(Experiment, DefaultSplitIsEttOnlyForLongEttFiles) {
  const auto hourly = sineSeries(14400);
  EXPECT_EQ(defaultSplit(hourly, "data/forecasting/ETTh1.csv"), SplitKind::Ett);
  EXPECT_EQ(defaultSplit(hourly, "data/forecasting/pollution.csv"), SplitKind::Ratios);
  EXPECT_EQ(defaultSplit(sineSeries(14399), "ETTh2.csv"), SplitKind::Ratios);
}

}  // namespace
