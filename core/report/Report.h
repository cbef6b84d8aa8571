#pragma once
// What a forecast report contains, in plain structs: no Qt, no Torch. The builder
// (ReportBuilder.h) fills it from an experiment or a loaded model and its data; the writers
// (ReportJson.h, ForecastCsv.h) and the renderers (ui/report: PDF, HTML, PNG/SVG plots)
// only read it. Every number is kept as a number (formatting is the renderers' job), so the
// JSON export carries the exact values.
//
// Threading: plain value types with no synchronisation; build on one thread, then share
// read-only.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace aaren::report {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct KeyValue {
  std::string key, value;
};

struct DatasetSummary {
  std::string source;                  // the data file as given
  std::string format;                  // "csv", "sqlite", "ts", "long"
  std::int64_t rows = 0;               // rows used (after the missing-value policy)
  std::vector<std::string> columns;    // value columns used, in channel order
  bool has_time = false;
  std::int64_t first_time = 0, last_time = 0;  // epoch seconds, when has_time
  std::int64_t frequency_seconds = 0;  // 0 = unknown / irregular
  std::string frequency;               // "hourly", "15 min", "unknown"
  std::string missing_policy;          // "linear interpolation", "forward fill", "drop rows"
  std::uint64_t missing_values = 0;    // NaN cells in the data as read
  std::uint64_t filled_values = 0;     // filled by the policy
  std::uint64_t dropped_rows = 0;      // dropped by the policy
  std::string split;                   // e.g. "ETT 12/4/4 months" or "ratios 0.7 / 0.1 / 0.2"
  // Row ranges [begin, end) of the parts; the validation and test ranges begin lookback
  // rows early (see core/data/Split.h). Forecasting only.
  std::int64_t train_begin = 0, train_end = 0, val_begin = 0, val_end = 0, test_begin = 0, test_end = 0;
  // Classification.
  std::int64_t train_cases = 0, test_cases = 0, max_length = 0;
  std::vector<std::string> classes;
};

struct ModelCard {
  std::string name;                 // "Aaren", "Transformer"
  std::string task;                 // "forecast" | "classify"
  std::string file;                 // the model file, "" when not saved
  std::uint64_t file_bytes = 0;
  std::int64_t parameters = 0;
  std::int64_t lookback = 0, horizon = 0;  // forecasting: steps of history in, steps out
  std::vector<KeyValue> architecture;  // d_model, heads, layers, lookback, horizon, ...
  std::vector<KeyValue> training;      // epochs, batch size, learning rate, schedule, ...
  std::uint64_t seed = 0;
  double train_seconds = 0;
  std::string trained_at_utc;          // ISO 8601
  std::string outcome;                 // "completed 10 epochs; best epoch 7"
  std::string network_note;            // forecasting: the guard's verdict on the network, or ""
};

// One table of scores: a row per model or baseline, a column per metric. NaN = not
// available (shown as "—").
struct MetricsTable {
  std::vector<std::string> metrics;    // column names: "MSE", "MAE", ...
  struct Row {
    std::string name;
    bool is_model = false;             // the report's model (highlighted), else a baseline
    std::vector<double> values;        // one per metric
  };
  std::vector<Row> rows;
  std::string note;                    // what the numbers are measured on
  bool lower_is_better = true;         // errors: lower is better; accuracy: higher

  // Index of the best row for metric column `m` (ties: first), -1 when none is finite.
  int bestRow(std::size_t m) const;
};

// A plot, described without a plotting library. x is epoch seconds when x_is_time.
struct PlotLine {
  enum class Style { Solid, Dashed, Dotted, Points, Steps };
  std::string name;
  std::vector<double> x, y;            // NaN y breaks the line
  Style style = Style::Solid;
  std::uint32_t color = 0;             // 0xRRGGBB; 0 = the renderer's palette
  bool secondary_axis = false;         // plotted against the right-hand y axis
};

struct PlotBand {                      // a shaded x range, e.g. the test range
  std::string label;
  double from = 0, to = 0;
  std::uint32_t color = 0xd0d8e8;
};

struct Plot {
  std::string id;                      // file-name friendly: "forecast-OT", "error-by-step"
  std::string group;                   // the report section it belongs to ("Forecast against actual")
  std::string title;
  std::string x_label, y_label, y2_label;
  bool x_is_time = false;
  bool x_integer = false;              // x holds counts (steps, epochs): whole-number ticks
  bool log_y = false;
  std::string y_unit;                  // "bytes" or "us": tick labels in those units ("64 KiB", "5 ms")
  std::vector<PlotLine> lines;
  std::vector<PlotBand> bands;
  std::vector<double> markers;         // vertical lines (e.g. the forecast origin)
  std::string caption;                 // one sentence under the plot

  bool empty() const;
};

// The forecast made from the end of the data: `steps` rows of every channel.
struct ForecastTable {
  std::vector<std::string> channels;
  bool has_time = false;
  std::vector<std::int64_t> timestamps;  // per step, epoch seconds (when has_time)
  std::vector<std::int64_t> steps;       // 1 .. horizon
  std::vector<double> values;            // [step][channel], original units
  std::int64_t origin_row = 0;           // last data row used as history
  std::int64_t origin_time = 0;          // its timestamp, when has_time

  std::size_t rows() const { return steps.size(); }
  double value(std::size_t step, std::size_t channel) const { return values[step * channels.size() + channel]; }
};

struct ConfusionMatrix {
  std::vector<std::string> classes;
  std::vector<std::vector<std::int64_t>> counts;  // [actual][predicted]
  std::vector<double> per_class_accuracy;         // recall per class, NaN when absent
};

// Memory and latency of the models that consumed a stream, sampled as it ran (one trace per model).
struct StreamTrace {
  std::string model;
  struct Point {
    std::uint64_t samples = 0;
    std::int64_t state_bytes = 0;
    double step_median_us = 0, step_p99_us = 0;
    double cumulative_seconds = 0;
    std::int64_t rss_bytes = 0;
  };
  std::vector<Point> points;
};

struct Manifest {
  std::string app_version;
  std::string generated_at_utc;        // ISO 8601
  std::string data_file, data_sha256;
  std::string model_file, model_sha256;
  std::string training_command;        // from the model's training record
  std::string report_command;          // reproduces this report
};

struct Report {
  std::string title;
  std::string subtitle;
  std::string date;                    // shown on the title line (UTC, "2026-11-23 20:18 UTC")
  std::string task;                    // "forecast" | "classify"
  DatasetSummary dataset;
  ModelCard model;
  std::vector<MetricsTable> metrics;   // the test metrics against the baselines first
  std::vector<Plot> plots;             // in report order
  ForecastTable forecast;              // empty for classification
  ConfusionMatrix confusion;           // empty for forecasting
  std::vector<StreamTrace> stream;     // empty unless a stream ran
  std::vector<std::string> notes;      // remarks shown at the end (e.g. "training cancelled")
  Manifest manifest;
};

}  // namespace aaren::report
