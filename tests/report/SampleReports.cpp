#include "tests/report/SampleReports.h"

#include <cmath>
#include <numbers>

namespace aaren::testing {

using namespace aaren::report;

Report sampleForecastReport() {
  Report r;
  r.title = "Forecast report: sines.csv";
  r.subtitle = "Aaren, 24 steps ahead from 96";
  r.date = "2026-01-05 10:30 UTC";
  r.task = "forecast";
  const std::int64_t t0 = 1700000000 - 1700000000 % 3600;
  const std::int64_t rows = 600;
  DatasetSummary& d = r.dataset;
  d.source = "/data/sines.csv";
  d.format = "csv";
  d.rows = rows;
  d.columns = {"load", "temp, °C", "price"};
  d.has_time = true;
  d.first_time = t0;
  d.last_time = t0 + (rows - 1) * 3600;
  d.frequency_seconds = 3600;
  d.frequency = "hourly";
  d.missing_policy = "linear interpolation";
  d.missing_values = 3;
  d.filled_values = 3;
  d.split = "ratios 0.7 / 0.1 / 0.2";
  d.train_begin = 0, d.train_end = 420, d.val_begin = 324, d.val_end = 480, d.test_begin = 384, d.test_end = 600;

  ModelCard& m = r.model;
  m.name = "Aaren";
  m.task = "forecast";
  m.file = "/models/sines.aaren";
  m.file_bytes = 151234;
  m.parameters = 35736;
  m.lookback = 96;
  m.horizon = 24;
  m.architecture = {{"Width (d_model)", "64"}, {"Heads", "4"}, {"Layers", "2"}, {"Lookback", "96"}, {"Horizon", "24"}};
  m.training = {{"Epochs", "10 (best 8)"}, {"Batch size", "64"}, {"Learning rate", "0.001, cosine"}};
  m.seed = 7;
  m.train_seconds = 12.5;
  m.trained_at_utc = "2026-01-05T10:29:00Z";
  m.outcome = "completed 10 epochs; best epoch 8";

  MetricsTable t;
  t.metrics = {"MSE", "MAE", "RMSE", "MAPE %", "sMAPE %", "MASE"};
  t.rows = {{"Aaren", true, {0.1234, 0.2345, 0.3513, 12.5, 11.25, 0.8123}},
            {"naive", false, {0.6021, 0.6012, 0.7759, 40.1, 35.7, 2.0512}},
            {"seasonal naive (24)", false, {0.0987, 0.2011, 0.3142, 10.5, 9.75, 0.7001}},
            {"linear", false, {0.1543, 0.2789, 0.3928, kNaN, 13.5, 0.9222}}};
  t.note = "the test range (97 windows, scaled values)";
  r.metrics.push_back(t);

  // Forecast against actual, per channel; error by step; training curves.
  for (std::size_t c = 0; c < d.columns.size(); ++c) {
    Plot p;
    p.id = "forecast-" + std::to_string(c);
    p.group = "Forecast against actual";
    p.title = d.columns[c];
    p.x_is_time = true;
    p.y_label = d.columns[c];
    PlotLine actual{"actual", {}, {}, PlotLine::Style::Solid, 0x1f4e79, false};
    PlotLine forecast{"Aaren forecast", {}, {}, PlotLine::Style::Solid, 0xd95f02, false};
    for (std::int64_t i = 300; i < rows; ++i) {
      actual.x.push_back(static_cast<double>(t0 + i * 3600));
      actual.y.push_back(10 * static_cast<double>(c + 1) + std::sin(static_cast<double>(i) * 2 * std::numbers::pi / 24 + static_cast<double>(c)));
    }
    for (std::int64_t i = 480; i < rows + 24; ++i) {
      forecast.x.push_back(static_cast<double>(t0 + i * 3600));
      forecast.y.push_back(10 * static_cast<double>(c + 1) + 0.9 * std::sin(static_cast<double>(i) * 2 * std::numbers::pi / 24 + static_cast<double>(c)));
    }
    p.lines = {actual, forecast};
    p.bands = {{"test", static_cast<double>(t0 + 384 * 3600), static_cast<double>(t0 + 599 * 3600), 0xd0d8e8}};
    p.markers = {static_cast<double>(t0 + 599 * 3600)};
    p.caption = "Forecasts of consecutive 24-step windows; the last starts at the end of the data.";
    r.plots.push_back(p);
  }
  Plot e;
  e.id = "error-by-step";
  e.group = "Error by horizon step";
  e.title = "MSE by horizon step (test range, scaled)";
  e.x_label = "steps ahead";
  e.x_integer = true;
  e.y_label = "MSE";
  const char* names[] = {"Aaren", "naive", "seasonal naive (24)", "linear"};
  const std::uint32_t colors[] = {0xd95f02, 0x888888, 0x1b9e77, 0x7570b3};
  for (int k = 0; k < 4; ++k) {
    PlotLine l{names[k], {}, {}, PlotLine::Style::Solid, colors[k], false};
    for (int s = 1; s <= 24; ++s) {
      l.x.push_back(s);
      l.y.push_back(0.05 * (k + 1) + 0.004 * s * (k == 1 ? 3 : 1));
    }
    e.lines.push_back(l);
  }
  r.plots.push_back(e);

  ForecastTable& f = r.forecast;
  f.channels = d.columns;
  f.has_time = true;
  f.origin_row = rows - 1;
  f.origin_time = d.last_time;
  for (int s = 1; s <= 24; ++s) {
    f.steps.push_back(s);
    f.timestamps.push_back(d.last_time + s * 3600);
    for (std::size_t c = 0; c < f.channels.size(); ++c)
      f.values.push_back(c == 1 && s == 5 ? kNaN : 10.0 * static_cast<double>(c + 1) + 0.1 / s + 1e-7 * s);
  }

  r.manifest = {"0.1.0",
                "2026-01-05T10:30:00Z",
                "/data/sines.csv",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "/models/sines.aaren",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "aaren train --data /data/sines.csv --horizon 24 --seed 7 --save /models/sines.aaren",
                "aaren report --model /models/sines.aaren --data /data/sines.csv --out report.pdf"};
  return r;
}

Report sampleClassifyReport() {
  Report r;
  r.title = "Classification report: BasicMotions";
  r.subtitle = "Aaren, 4 classes";
  r.date = "2026-01-05 10:30 UTC";
  r.task = "classify";
  r.dataset.source = "/data/BasicMotions_TRAIN.ts";
  r.dataset.format = "ts";
  r.dataset.columns = {"dim_0", "dim_1", "dim_2", "dim_3", "dim_4", "dim_5"};
  r.dataset.classes = {"Badminton", "Running", "Standing", "Walking"};
  r.dataset.train_cases = 40;
  r.dataset.test_cases = 40;
  r.dataset.max_length = 100;
  r.model.name = "Aaren";
  r.model.task = "classify";
  r.model.parameters = 34180;
  r.model.seed = 42;
  MetricsTable t;
  t.metrics = {"Accuracy %", "Macro-F1"};
  t.lower_is_better = false;
  t.rows = {{"Aaren", true, {97.5, 0.9749}}, {"majority class", false, {25.0, 0.1}}};
  t.note = "the test set (40 cases)";
  r.metrics.push_back(t);
  r.confusion.classes = r.dataset.classes;
  r.confusion.counts = {{10, 0, 0, 0}, {0, 9, 0, 1}, {0, 0, 10, 0}, {0, 0, 0, 10}};
  r.confusion.per_class_accuracy = {1.0, 0.9, 1.0, 1.0};
  r.manifest.app_version = "0.1.0";
  return r;
}

}  // namespace aaren::testing
