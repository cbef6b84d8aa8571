#include "core/report/ReportBuilder.h"

#include "core/report/ForecastArchitecture.h"

#include "core/data/MissingPolicy.h"
#include "core/data/Timestamp.h"
#include "core/models/ModelFileInfo.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

namespace aaren::report {

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kActualColor = 0x1f4e79, kModelColor = 0xd95f02, kTrainColor = 0x1f4e79, kValColor = 0xd95f02;
constexpr std::uint32_t kBaselineColors[] = {0x888888, 0x1b9e77, 0x7570b3, 0xe7298a};

std::string fileName(const std::string& path) { return path.empty() ? std::string() : fs::path(path).filename().string(); }

// The manifest names files absolutely, so it says which file whatever the reader's directory.
std::string absolute(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  const auto abs = fs::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

std::string formatFromPath(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".ts") return "ts";
  if (ext == ".sqlite" || ext == ".sqlite3" || ext == ".db") return "sqlite";
  if (ext == ".csv" || ext == ".tsv" || ext == ".txt") return "csv";
  return ext.empty() ? std::string() : ext.substr(1);
}

std::string modelName(const ModelOptions& o) { return o.type == ModelType::Aaren ? "Aaren" : "Transformer"; }

std::string number(double v, int precision = 6) {
  std::ostringstream os;
  os.precision(precision);
  os << v;
  return os.str();
}

std::string nowUtc() { return train::utcTimestamp(); }

std::string fileSha(const std::string& path) {
  if (path.empty()) return {};
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {};
  return sha256File(path);
}

std::uint64_t fileBytes(const std::string& path) {
  std::error_code ec;
  const auto n = path.empty() ? 0 : fs::file_size(path, ec);
  return ec ? 0 : n;
}

std::string missingPolicyText(const std::string& name) {
  if (name == "ffill") return "forward fill";
  if (name == "drop") return "dropping the rows";
  return "linear interpolation";
}

std::string splitText(const ModelFileInfo& info) {
  if (info.record.split == "ett") return "ETT (12 / 4 / 4 months)";
  const double train = info.record.train_ratio > 0 ? info.record.train_ratio : 0.7;
  const double val = info.record.val_ratio > 0 ? info.record.val_ratio : 0.1;
  return "ratios " + number(train, 3) + " / " + number(val, 3) + " / " + number(1 - train - val, 3);
}

// The model's value columns of `series`, as their own series (same rows and timestamps).
data::Series modelColumns(const data::Series& series, const std::vector<std::string>& columns) {
  if (columns.empty() || columns == series.names) return series;
  data::Series out;
  out.timestamps = series.timestamps;
  out.rows = series.rows;
  out.time = series.time;
  for (const auto& name : columns) {
    const auto c = series.find(name);
    if (!c) continue;  // the facade's schema check names it
    out.names.push_back(name);
    const auto col = series.column(*c);
    out.values.insert(out.values.end(), col.begin(), col.end());
    out.missing.push_back(series.missing.size() > *c ? series.missing[*c] : 0);
  }
  return out;
}

ModelCard modelCard(const train::TrainedModel& model, const ReportOptions& options) {
  const ModelFileInfo& info = model.info();
  const ModelOptions& o = info.options;
  ModelCard m;
  m.name = modelName(o);
  m.task = toString(o.task);
  m.file = absolute(model.path().string());
  m.file_bytes = fileBytes(m.file);
  m.parameters = model.parameterCount();
  m.architecture = {{"Architecture", o.type == ModelType::Aaren ? "Aaren blocks (attention as an RNN, O(1) state per step)"
                                                                : "causal Transformer encoder (KV cache when streamed)"},
                    {"Width (d_model)", std::to_string(o.d_model)},
                    {"Heads", std::to_string(o.heads)},
                    {"Layers", std::to_string(o.layers)},
                    {"Feed-forward width", std::to_string(o.d_ff)},
                    {"Dropout", number(o.dropout, 3)}};
  if (o.task == Task::Forecast) {
    m.lookback = info.schema.lookback;
    m.horizon = o.horizon;
    addForecastArchitecture(m.architecture, info);
    m.network_note = info.record.network_note;
  } else {
    m.architecture.push_back({"Classes", std::to_string(o.classes)});
    m.architecture.push_back({"Pooling", o.pooling == Pooling::Last ? "final state" : "mean over the sequence"});
  }
  if (info.scaler.kind != "none") m.architecture.push_back({"Scaling", info.scaler.kind + ", fitted on the training part"});

  const TrainingRecord& r = info.record;
  if (options.training) {
    const train::TrainOptions& t = *options.training;
    m.training.push_back({"Epochs", std::to_string(r.epochs) + " of at most " + std::to_string(t.epochs) + " (early stopping after " +
                                        std::to_string(t.patience) + " without gain)"});
    m.training.push_back({"Batch size", std::to_string(t.batch_size)});
    m.training.push_back({"Learning rate", number(t.learning_rate, 4) + (t.schedule == train::Schedule::Cosine ? ", warm-up then cosine decay" : ", constant")});
    m.training.push_back({"Weight decay", number(t.weight_decay, 4)});
    m.training.push_back({"Gradient clipping", t.grad_clip > 0 ? "norm " + number(t.grad_clip, 4) : "off"});
  } else {
    m.training.push_back({"Epochs", std::to_string(r.epochs)});
  }
  m.seed = r.seed;
  m.train_seconds = r.train_seconds;
  m.trained_at_utc = r.trained_at_utc;
  return m;
}

Manifest manifest(const train::TrainedModel& model, const ReportOptions& options) {
  Manifest m;
  m.app_version = AAREN_VERSION;
  m.generated_at_utc = options.generated_at_utc.empty() ? nowUtc() : options.generated_at_utc;
  m.data_file = absolute(options.data_file);
  m.data_sha256 = fileSha(options.data_file);
  m.model_file = absolute(model.path().string());
  m.model_sha256 = fileSha(m.model_file);
  m.training_command = model.info().record.command;
  m.report_command = options.report_command;
  return m;
}

void header(Report& r, const std::string& kind, const ReportOptions& options, const ModelCard& card) {
  const std::string name = fileName(options.data_file);
  r.title = options.title.empty() ? kind + " report" + (name.empty() ? std::string() : ": " + name) : options.title;
  r.date = displayDate(r.manifest.generated_at_utc);
  r.subtitle = card.name + ", " + std::to_string(card.parameters) + " parameters";
  if (card.task == "forecast") r.subtitle = card.name + ", " + std::to_string(card.horizon) + " steps ahead from " + std::to_string(card.lookback);
}

// MSE and MAE on scaled values (the published protocol), then MAE, RMSE, MAPE, sMAPE and MASE
// in the data's own units (see train/Metrics.h).
MetricsTable forecastMetrics(const std::string& model, const train::ForecastMetrics& metrics, const std::vector<train::BaselineResult>& baselines,
                             std::int64_t windows) {
  MetricsTable t;
  t.metrics = {"MSE (scaled)", "MAE (scaled)", "MAE", "RMSE", "MAPE %", "sMAPE %", "MASE"};
  const auto row = [](const train::ForecastMetrics& m) {
    return std::vector<double>{m.mse, m.mae, m.mae_original, m.rmse_original, m.mape, m.smape, m.mase};
  };
  t.rows.push_back({model, true, row(metrics)});
  for (const auto& b : baselines) t.rows.push_back({b.name, false, row(b.metrics)});
  t.note = "the test range (" + std::to_string(windows) + " windows; MSE and MAE on scaled values, the rest in the data's own units)";
  return t;
}

// One table per channel (the first kMaxChannelTables), in the data's own units.
constexpr std::size_t kMaxChannelTables = 12;
std::vector<MetricsTable> channelMetrics(const std::string& model, const train::ForecastMetrics& metrics,
                                         const std::vector<train::BaselineResult>& baselines, std::int64_t mase_period) {
  std::vector<MetricsTable> tables;
  for (std::size_t c = 0; c < std::min(metrics.channels.size(), kMaxChannelTables); ++c) {
    MetricsTable t;
    t.metrics = {"MAE", "RMSE", "MAPE %", "sMAPE %", "MASE"};
    const auto row = [c](const train::ForecastMetrics& m) {
      if (c >= m.channels.size()) return std::vector<double>(5, kNaN);
      const auto& k = m.channels[c];
      return std::vector<double>{k.mae, k.rmse, k.mape, k.smape, k.mase};
    };
    t.rows.push_back({model, true, row(metrics)});
    for (const auto& b : baselines) t.rows.push_back({b.name, false, row(b.metrics)});
    t.note = "channel " + metrics.channels[c].name + ", in its own units; MASE against the seasonal naive forecast at period " +
             std::to_string(mase_period);
    tables.push_back(std::move(t));
  }
  return tables;
}

Plot errorByStep(const std::string& model, const std::vector<double>& mse, const std::vector<train::BaselineResult>& baselines) {
  Plot p;
  p.id = "error-by-step";
  p.group = "Error by horizon step";
  p.title = "MSE by horizon step (test range, scaled values)";
  p.x_label = "steps ahead";
  p.y_label = "MSE";
  p.x_integer = true;
  const auto line = [](const std::string& name, const std::vector<double>& values, std::uint32_t color, PlotLine::Style style) {
    PlotLine l;
    l.name = name;
    l.color = color;
    l.style = style;
    for (std::size_t i = 0; i < values.size(); ++i) {
      l.x.push_back(static_cast<double>(i + 1));
      l.y.push_back(values[i]);
    }
    return l;
  };
  p.lines.push_back(line(model, mse, kModelColor, PlotLine::Style::Solid));
  for (std::size_t i = 0; i < baselines.size(); ++i)
    p.lines.push_back(line(baselines[i].name, baselines[i].mse_by_step, kBaselineColors[i % std::size(kBaselineColors)], PlotLine::Style::Dashed));
  p.caption = "How the error grows with the distance ahead; baselines dashed.";
  return p;
}

std::optional<Plot> trainingCurves(const std::vector<train::EpochRecord>& history, bool classify) {
  if (history.empty()) return std::nullopt;
  Plot p;
  p.id = "training";
  p.group = "Training";
  p.title = classify ? "Loss by epoch (cross-entropy)" : "Loss by epoch (MSE, scaled values)";
  p.x_label = "epoch";
  p.y_label = "loss";
  p.x_integer = true;
  PlotLine train{"training", {}, {}, PlotLine::Style::Solid, kTrainColor, false};
  PlotLine val{"validation", {}, {}, PlotLine::Style::Solid, kValColor, false};
  for (const auto& e : history) {
    train.x.push_back(static_cast<double>(e.epoch));
    train.y.push_back(e.train_loss);
    val.x.push_back(static_cast<double>(e.epoch));
    val.y.push_back(e.val_loss);
  }
  if (history.size() == 1) {
    train.style = PlotLine::Style::Points;
    val.style = PlotLine::Style::Points;
  }
  p.lines = {train, val};
  return p;
}

double keyOf(const data::Series& s, std::int64_t row) {
  return s.hasTime() ? static_cast<double>(s.timestamps[static_cast<std::size_t>(row)]) : static_cast<double>(row);
}

// What both forecasting entry points know.
struct ForecastParts {
  data::SplitBorders split;
  std::int64_t windows = 0;
  train::ForecastMetrics metrics;
  std::vector<double> mse_by_step;
  std::vector<train::BaselineResult> baselines;
  std::int64_t mase_period = 0;
  std::vector<train::EpochRecord> history;
  std::uint64_t filled = 0, dropped = 0;
  std::string outcome;
};

Report forecastReport(const train::TrainedModel& model, const data::Series& raw, const ForecastParts& parts, const ReportOptions& options) {
  const ModelFileInfo& info = model.info();
  Report r;
  r.task = "forecast";
  r.manifest = manifest(model, options);
  r.model = modelCard(model, options);
  if (!parts.outcome.empty()) r.model.outcome = parts.outcome;
  header(r, "Forecast", options, r.model);

  // The model's columns; rows dropped as the model's policy drops them, so row numbers
  // match the split.
  data::Series series = modelColumns(raw, info.schema.columns);
  std::uint64_t missing = 0;
  for (std::size_t c = 0; c < series.cols(); ++c)
    for (double v : series.column(c)) missing += std::isnan(v) ? 1 : 0;
  std::uint64_t dropped = parts.dropped;
  if (info.record.missing_policy == "drop" && missing > 0) {
    const auto rep = data::applyMissingPolicy(series, data::MissingPolicy::Drop);
    dropped = rep.rowsDropped;
  }

  DatasetSummary& d = r.dataset;
  d.source = absolute(options.data_file);
  d.format = options.data_format.empty() ? formatFromPath(options.data_file) : options.data_format;
  d.rows = static_cast<std::int64_t>(series.rows);
  d.columns = series.names;
  d.has_time = series.hasTime();
  if (d.has_time && series.rows > 0) {
    d.first_time = series.timestamps.front();
    d.last_time = series.timestamps.back();
  }
  d.frequency_seconds = raw.time.frequency.seconds;
  d.frequency = d.has_time ? raw.time.frequency.label() : "one row per step (no time column)";
  d.missing_policy = missingPolicyText(info.record.missing_policy);
  d.missing_values = missing;
  d.filled_values = info.record.missing_policy == "drop" ? 0 : (parts.filled > 0 ? parts.filled : missing);
  d.dropped_rows = dropped;
  d.split = splitText(info);
  d.train_begin = static_cast<std::int64_t>(parts.split.train.begin), d.train_end = static_cast<std::int64_t>(parts.split.train.end);
  d.val_begin = static_cast<std::int64_t>(parts.split.val.begin), d.val_end = static_cast<std::int64_t>(parts.split.val.end);
  d.test_begin = static_cast<std::int64_t>(parts.split.test.begin), d.test_end = static_cast<std::int64_t>(parts.split.test.end);

  r.metrics.push_back(forecastMetrics(r.model.name, parts.metrics, parts.baselines, parts.windows));
  for (auto& t : channelMetrics(r.model.name, parts.metrics, parts.baselines, parts.mase_period)) r.metrics.push_back(std::move(t));

  // The forecast after the last row.
  const train::Forecast ahead = model.forecast(series);
  ForecastTable& f = r.forecast;
  f.channels = ahead.columns;
  f.has_time = !ahead.timestamps.empty();
  f.timestamps = ahead.timestamps;
  f.values = ahead.values;
  f.origin_row = ahead.origin_row;
  f.origin_time = f.has_time ? series.timestamps[static_cast<std::size_t>(ahead.origin_row)] : 0;
  for (std::int64_t s = 1; s <= ahead.horizon; ++s) f.steps.push_back(s);

  // Forecast against actual: the last plot_windows horizon-long windows of the test range.
  const std::int64_t L = info.schema.lookback, H = info.options.horizon;
  const auto te = static_cast<std::int64_t>(parts.split.test.end), tb = static_cast<std::int64_t>(parts.split.test.begin);
  const std::int64_t tiles = std::min<std::int64_t>(std::max<std::int64_t>(options.plot_windows, 1), (te - tb - L) / H);
  const auto n = static_cast<std::int64_t>(series.rows);
  const bool together = te == n;  // the test range ends with the data: one plot per channel
  train::WindowForecasts windows;
  if (tiles > 0) windows = model.forecastWindows(series, {static_cast<std::size_t>(te - L - tiles * H), static_cast<std::size_t>(te)}, H);

  std::vector<std::size_t> channels;
  if (options.plot_channels.empty()) {
    for (std::size_t c = 0; c < series.cols() && c < options.max_plot_channels; ++c) channels.push_back(c);
  } else {
    for (const auto& name : options.plot_channels) {
      const auto c = series.find(name);
      if (!c) throw std::invalid_argument("no channel named '" + name + "' to plot (the model's channels: " + [&] {
                                            std::string all;
                                            for (const auto& s : series.names) all += (all.empty() ? "" : ", ") + s;
                                            return all;
                                          }() + ")");
      channels.push_back(*c);
    }
  }
  const std::int64_t first = std::max<std::int64_t>(0, te - tiles * H - L);
  const std::int64_t context = std::min<std::int64_t>(n, 4 * H);  // actual rows shown before a forecast ahead
  for (std::size_t c : channels) {
    const std::string& name = series.names[c];
    Plot p;
    p.id = "forecast-" + std::to_string(c + 1);
    p.group = "Forecast against actual";
    p.title = name;
    p.x_is_time = series.hasTime();
    p.x_label = series.hasTime() ? "" : "row";
    p.y_label = name;
    PlotLine actual{"actual", {}, {}, PlotLine::Style::Solid, kActualColor, false};
    const std::int64_t last = together ? n : te;
    for (std::int64_t row = first; row < last; ++row) {
      actual.x.push_back(keyOf(series, row));
      actual.y.push_back(series.column(c)[static_cast<std::size_t>(row)]);
    }
    PlotLine predicted{r.model.name + " forecast", {}, {}, PlotLine::Style::Solid, kModelColor, false};
    for (std::size_t w = 0; w < windows.windows(); ++w) {
      for (std::int64_t k = 0; k < H; ++k) {
        predicted.x.push_back(keyOf(series, windows.origin_rows[w] + 1 + k));
        predicted.y.push_back(windows.value(w, k, static_cast<std::int64_t>(c)));
      }
    }
    PlotLine future{"forecast ahead", {}, {}, PlotLine::Style::Dashed, kModelColor, false};
    const auto aheadKey = [&](std::int64_t k) {
      return f.has_time ? static_cast<double>(f.timestamps[static_cast<std::size_t>(k)]) : static_cast<double>(ahead.origin_row + 1 + k);
    };
    for (std::int64_t k = 0; k < H; ++k) {
      future.x.push_back(aheadKey(k));
      future.y.push_back(ahead.value(k, static_cast<std::int64_t>(c)));
    }
    p.lines = {actual, predicted};
    p.bands = {{"test", keyOf(series, std::max(tb + L, first)), keyOf(series, te - 1), 0xd0d8e8}};
    const std::string tilesText = std::to_string(windows.windows()) + " consecutive " + std::to_string(H) + "-step forecasts over the end of the test range, each from the " +
                                  std::to_string(L) + " actual values before it";
    if (together) {
      p.lines.push_back(future);
      p.markers = {keyOf(series, n - 1)};
      p.caption = tilesText + "; dashed: the forecast of the " + std::to_string(H) + " steps after the data (right of the dotted line).";
      r.plots.push_back(std::move(p));
    } else {
      p.caption = tilesText + ".";
      r.plots.push_back(std::move(p));
      Plot a;
      a.id = "ahead-" + std::to_string(c + 1);
      a.group = "Forecast ahead";
      a.title = name + ": the next " + std::to_string(H) + " steps";
      a.x_is_time = series.hasTime();
      a.x_label = series.hasTime() ? "" : "row";
      a.y_label = name;
      PlotLine recent{"actual", {}, {}, PlotLine::Style::Solid, kActualColor, false};
      for (std::int64_t row = n - context; row < n; ++row) {
        recent.x.push_back(keyOf(series, row));
        recent.y.push_back(series.column(c)[static_cast<std::size_t>(row)]);
      }
      future.style = PlotLine::Style::Solid;
      future.name = r.model.name + " forecast";
      a.lines = {recent, future};
      a.markers = {keyOf(series, n - 1)};
      a.caption = "The last " + std::to_string(context) + " values of the data and the forecast after them.";
      r.plots.push_back(std::move(a));
    }
  }
  // Group the "forecast ahead" plots after the test plots.
  std::stable_partition(r.plots.begin(), r.plots.end(), [](const Plot& p) { return p.group == "Forecast against actual"; });

  r.plots.push_back(errorByStep(r.model.name, parts.mse_by_step, parts.baselines));
  if (auto t = trainingCurves(parts.history, false)) r.plots.push_back(std::move(*t));
  if (!r.manifest.data_sha256.empty() && !info.record.dataset_sha256.empty() && r.manifest.data_sha256 != info.record.dataset_sha256)
    r.notes.push_back("The data file is not the one the model was trained on (its SHA-256 differs from the training record's " +
                      info.record.dataset_sha256 + ").");
  return r;
}

// Majority class of `train` (by classNames index), or -1.
int majorityClass(const data::LabeledSeriesSet& train, const std::vector<std::string>& classes) {
  std::map<std::string, std::size_t> counts;
  for (const auto& label : train.labels) ++counts[label];
  int best = -1;
  std::size_t most = 0;
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto it = counts.find(classes[i]);
    if (it != counts.end() && it->second > most) {
      most = it->second;
      best = static_cast<int>(i);
    }
  }
  return best;
}

struct ClassifyParts {
  train::ClassificationMetrics metrics;
  std::vector<int> actual;  // known labels only
  std::vector<train::EpochRecord> history;
  std::string outcome;
  std::size_t unknown_labels = 0;
};

Report classifyReport(const train::TrainedModel& model, const data::LabeledSeriesSet& trainSet, const data::LabeledSeriesSet& test,
                      const ClassifyParts& parts, const ReportOptions& options) {
  const ModelFileInfo& info = model.info();
  const auto& classes = info.schema.classes;
  Report r;
  r.task = "classify";
  r.manifest = manifest(model, options);
  r.model = modelCard(model, options);
  if (!parts.outcome.empty()) r.model.outcome = parts.outcome;
  header(r, "Classification", options, r.model);
  r.subtitle = r.model.name + ", " + std::to_string(classes.size()) + " classes";

  DatasetSummary& d = r.dataset;
  d.source = absolute(options.data_file);
  d.format = options.data_format.empty() ? formatFromPath(options.data_file) : options.data_format;
  d.columns = info.schema.columns.empty() ? test.channelNames : info.schema.columns;
  d.classes = classes;
  d.train_cases = static_cast<std::int64_t>(trainSet.size());
  d.test_cases = static_cast<std::int64_t>(test.size());
  d.max_length = static_cast<std::int64_t>(std::max(trainSet.size() ? trainSet.maxLength() : 0, test.size() ? test.maxLength() : 0));
  d.missing_values = trainSet.missing + test.missing;
  d.filled_values = d.missing_values;
  d.missing_policy = "the channel mean (after standardising)";
  d.frequency = "sequences";

  MetricsTable t;
  t.metrics = {"Accuracy %", "Macro-F1"};
  t.lower_is_better = false;
  t.rows.push_back({r.model.name, true, {parts.metrics.accuracy * 100, parts.metrics.macro_f1}});
  const int majority = majorityClass(trainSet, classes);
  if (majority >= 0 && !parts.actual.empty()) {
    const std::vector<int> predicted(parts.actual.size(), majority);
    const auto m = train::classificationMetrics(predicted, parts.actual, static_cast<int>(classes.size()));
    t.rows.push_back({"majority class (" + classes[static_cast<std::size_t>(majority)] + ")", false, {m.accuracy * 100, m.macro_f1}});
  }
  t.note = "the test set (" + std::to_string(parts.actual.size()) + " cases)";
  r.metrics.push_back(t);

  r.confusion.classes = classes;
  r.confusion.counts = parts.metrics.confusion;
  r.confusion.per_class_accuracy = parts.metrics.per_class_accuracy;
  if (auto curves = trainingCurves(parts.history, true)) r.plots.push_back(std::move(*curves));
  if (parts.unknown_labels > 0)
    r.notes.push_back(std::to_string(parts.unknown_labels) + " test cases have a label the model does not know; they are left out of the metrics.");
  return r;
}

}  // namespace

std::string displayDate(const std::string& iso) {
  // "2026-11-23T20:18:26Z" -> "2026-11-23 20:18 UTC"
  if (iso.size() >= 16 && iso[10] == 'T') return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
  return iso;
}

Report buildForecastReport(const train::ForecastExperimentResult& result, const data::Series& series, const ReportOptions& options) {
  if (!result.model.valid()) throw std::invalid_argument("the run has no trained model to report on (no epoch finished)");
  ForecastParts parts;
  parts.split = result.split;
  parts.windows = result.test_windows;
  parts.metrics = result.test;
  parts.mse_by_step = result.test_mse_by_step;
  parts.baselines = result.baselines;
  parts.mase_period = result.mase_period;
  parts.history = result.history;
  parts.filled = result.missing.totalFilled();
  parts.dropped = result.missing.rowsDropped;
  parts.outcome = result.message;
  return forecastReport(result.model, series, parts, options);
}

Report buildForecastReport(const train::TrainedModel& model, const data::Series& series, const ReportOptions& options) {
  const train::ForecastEvalResult eval = train::evaluateForecastModel(model, series);
  ForecastParts parts;
  parts.split = eval.split;
  parts.windows = eval.windows;
  parts.metrics = eval.metrics;
  parts.mse_by_step = eval.mse_by_step;
  parts.baselines = eval.baselines;
  parts.mase_period = eval.mase_period;
  return forecastReport(model, series, parts, options);
}

Report buildClassifyReport(const train::ClassifyExperimentResult& result, const data::LabeledSeriesSet& train,
                           const data::LabeledSeriesSet& test, const ReportOptions& options) {
  if (!result.model.valid()) throw std::invalid_argument("the run has no trained model to report on (no epoch finished)");
  ClassifyParts parts;
  parts.metrics = result.test;
  parts.actual = result.actual;
  parts.history = result.history;
  parts.outcome = result.message;
  return classifyReport(result.model, train, test, parts, options);
}

Report buildClassifyReport(const train::TrainedModel& model, const data::LabeledSeriesSet& train, const data::LabeledSeriesSet& test,
                           const ReportOptions& options) {
  const train::ClassifyEvalResult eval = train::evaluateClassifyModel(model, test);
  ClassifyParts parts;
  parts.metrics = eval.metrics;
  for (int a : eval.actual)
    if (a >= 0) parts.actual.push_back(a);
  parts.unknown_labels = eval.unknown_labels;
  return classifyReport(model, train, test, parts, options);
}

void addStreamSection(Report& report, std::vector<StreamTrace> traces) {
  Plot memory;
  memory.id = "stream-memory";
  memory.group = "Live stream: memory and step time";
  memory.title = "State held by each model";
  memory.x_label = "samples seen";
  memory.y_label = "state";
  memory.y_unit = "bytes";
  memory.log_y = true;
  Plot latency;
  latency.id = "stream-latency";
  latency.group = memory.group;
  latency.title = "Time per sample";
  latency.x_label = "samples seen";
  latency.y_label = "step time";
  latency.y_unit = "us";
  latency.log_y = true;
  std::size_t i = 0;
  for (const auto& t : traces) {
    const std::uint32_t color = t.model.find("Transformer") != std::string::npos ? 0x7570b3 : (i == 0 ? kModelColor : kBaselineColors[i % 4]);
    PlotLine bytes{t.model, {}, {}, PlotLine::Style::Solid, color, false};
    PlotLine median{t.model + " median", {}, {}, PlotLine::Style::Solid, color, false};
    PlotLine p99{t.model + " p99", {}, {}, PlotLine::Style::Dotted, color, false};
    for (const auto& p : t.points) {
      const double x = static_cast<double>(p.samples);
      bytes.x.push_back(x);
      bytes.y.push_back(static_cast<double>(p.state_bytes));
      median.x.push_back(x);
      median.y.push_back(p.step_median_us);
      p99.x.push_back(x);
      p99.y.push_back(p.step_p99_us);
    }
    memory.lines.push_back(std::move(bytes));
    latency.lines.push_back(std::move(median));
    latency.lines.push_back(std::move(p99));
    ++i;
  }
  memory.caption = "Bytes of state each model keeps to take the next sample: Aaren's is constant, a Transformer's KV cache grows with every sample.";
  latency.caption = "Per-sample step time, rolling median (solid) and 99th percentile (dotted).";
  report.plots.push_back(std::move(memory));
  report.plots.push_back(std::move(latency));
  report.stream = std::move(traces);
}

}  // namespace aaren::report
