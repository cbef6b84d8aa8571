#include "core/train/Experiment.h"

#include "core/models/Model.h"
#include "core/train/Trainer.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>

namespace aaren::train {

std::string toString(ExperimentStage stage) {
  switch (stage) {
    case ExperimentStage::Preparing: return "preparing";
    case ExperimentStage::Training: return "training";
    case ExperimentStage::Evaluating: return "evaluating";
    case ExperimentStage::Baselines: return "baselines";
    case ExperimentStage::Done: return "done";
  }
  return "unknown";
}

std::string utcTimestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The settings measured on ETTh1 (lookback 96, horizon 96; docs/benchmarks.md, "Accuracy"):
// every channel through shared weights; a daily cycle per channel (12 harmonics of the time
// of day, for series with sub-daily timestamps) taken out of the inputs and put back into
// the forecast; a linear skip from the 96-sample window to the forecast; both fitted by
// least squares before training and kept, so the network learns what they leave. The
// embedding reads the last 96 samples relative to the current one and divided by their
// spread (instance normalisation), the head predicts the changes and scales them back; no
// positional encoding and no final LayerNorm, so the same model streams past any trained
// position (the step index carries no meaning). The loss is on the last position of each
// window: the forecast a window and a stream past its first 96 steps make. A gentle
// learning rate over 3 epochs: the network's correction overfits the training months fast.
ForecastExperimentConfig defaultForecastConfig() {
  ForecastExperimentConfig c;
  c.model.task = Task::Forecast;
  c.model.channel_independent = true;
  c.model.predict_delta = true;
  c.model.input_window = 96;
  c.model.relative_window = true;
  c.model.scale_window = true;
  c.model.positional = false;
  c.model.final_norm = false;
  c.model.daily_cycle = 12;
  c.model.linear_skip = true;
  c.choose_linear_part = true;
  c.guard_network = true;
  c.train.all_positions = false;
  c.train.epochs = 3;
  c.train.learning_rate = 2e-4;
  return c;
}

// UEA/UCR training sets are small (40 to 270 cases: a few batches an epoch), so a run
// takes many epochs; the validation part is a fifth of them (8 cases of BasicMotions), too
// few to stop early on, so all 200 run and the best validation epoch is kept.
ClassifyExperimentConfig defaultClassifyConfig() {
  ClassifyExperimentConfig c;
  c.model.task = Task::Classify;
  c.train.epochs = 200;
  c.train.patience = 0;
  return c;
}

SplitKind defaultSplit(const data::Series& series, const std::string& source_path) {
  const auto name = std::filesystem::path(source_path).filename().string();
  const auto step = series.hasTime() ? series.time.frequency.seconds : 0;
  if (name.rfind("ETT", 0) != 0 || step <= 0 || series.time.frequency.months != 0 || 86400 % step != 0) return SplitKind::Ratios;
  const auto rows_needed = static_cast<std::size_t>(20 * 30 * (86400 / step));
  return series.rows >= rows_needed ? SplitKind::Ett : SplitKind::Ratios;
}

std::string dailyCycleRefusal(const data::Series& series) {
  if (!series.hasTime()) return "this series has no timestamps";
  const auto& t = series.time;
  const auto step = t.frequency.seconds;
  if (step <= 0) return "this series has no regular step";
  if (t.frequency.months != 0 || step >= 86400 || 86400 % step != 0) return "this series is " + t.frequency.label();
  // The cycle puts forecast step k at k steps after the last input's time, while the
  // windows are consecutive rows: rows missing from the time axis would shift the clock.
  const auto off = t.missingSteps + t.irregular + t.duplicates + t.outOfOrder;
  if (off * 100 > series.rows)
    return "this series has " + std::to_string(off) + " missing, irregular or repeated steps in " + std::to_string(series.rows) +
           " rows, more than 1 %";
  return {};
}

bool dailyCycleApplies(const data::Series& series) { return dailyCycleRefusal(series).empty(); }

std::int64_t dailyCycleHarmonics(std::int64_t requested, std::int64_t step_seconds) {
  if (requested <= 0 || step_seconds <= 0) return 0;
  return std::min<std::int64_t>(requested, 86400 / step_seconds / 2);
}

ModelOptions forecastOptionsFor(const data::Series& series, const ForecastExperimentConfig& config) {
  ModelOptions mo = config.model;
  // The daily cycle places forecast steps on the clock: without a regular sub-daily grid the
  // model goes without (the options saved say so); harmonics above half the samples in a
  // day alias lower ones (their columns repeat).
  mo.daily_cycle = dailyCycleApplies(series) ? dailyCycleHarmonics(mo.daily_cycle, series.time.frequency.seconds) : 0;
  // The window the embedding and the skip read is at most the lookback: training windows
  // never hold more, and a stream would otherwise fill taps training only saw padded.
  mo.input_window = std::min(mo.input_window, static_cast<std::int64_t>(config.prep.lookback));
  return mo;
}

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void report(const StageFn& stage, ExperimentStage s) {
  if (stage) stage(s);
}

std::string absolutePath(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  auto abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

std::string scalerName(data::ScalerKind kind) { return kind == data::ScalerKind::Standard ? "standard" : "minmax"; }

std::string missingName(data::MissingPolicy p) {
  switch (p) {
    case data::MissingPolicy::Interpolate: return "interpolate";
    case data::MissingPolicy::ForwardFill: return "ffill";
    case data::MissingPolicy::Drop: return "drop";
  }
  return "interpolate";
}

data::MissingPolicy missingFromName(const std::string& name) {
  if (name == "ffill") return data::MissingPolicy::ForwardFill;
  if (name == "drop") return data::MissingPolicy::Drop;
  return data::MissingPolicy::Interpolate;
}

// What the least-squares choice needs from the model options: the window, the cycle's
// harmonics at `step_seconds` (0: no cycle candidates), the seasonal period, predict_delta.
LinearChoiceOptions linearChoiceOptions(const ModelOptions& mo, std::int64_t step_seconds, const ForecastExperimentConfig& config) {
  LinearChoiceOptions lo;
  lo.window = mo.input_window;
  lo.step_seconds = step_seconds;
  lo.harmonics = mo.daily_cycle;
  lo.seasonal_period = config.seasonal_period;
  lo.predict_delta = mo.predict_delta;
  return lo;
}

// The period the seasonal naive baseline uses (runBaselines' rule): the one asked for, else
// the one detected on the training part; at most the lookback.
std::int64_t seasonalPeriod(const ForecastData& d, std::int64_t requested) {
  return std::min(requested > 0 ? requested : detectPeriod(d), d.lookback);
}

// Sets d.units from the scaler (offset, scale per channel) and the MASE scales at the
// seasonal naive's period; returns the mean MASE scale in scaled units (the JSON's
// "mase_scale").
double setMetricUnits(ForecastData& d, const std::vector<double>& offset, const std::vector<double>& scale,
                      std::int64_t requested_period) {
  const auto begin = static_cast<std::size_t>(d.train.begin) * static_cast<std::size_t>(d.channels);
  const auto end = static_cast<std::size_t>(d.train.end) * static_cast<std::size_t>(d.channels);
  d.units = metricUnits(std::span<const float>(d.values.data() + begin, end - begin), d.channels, offset, scale,
                        seasonalPeriod(d, requested_period), d.names);
  double sum = 0;
  for (std::size_t c = 0; c < d.units.channels(); ++c)
    sum += d.units.scale[c] != 0 ? d.units.mase_scale[c] / std::abs(d.units.scale[c]) : 0.0;
  return d.units.channels() ? sum / static_cast<double>(d.units.channels()) : 0.0;
}

// "seasonal naive (24)" -> "seasonal_naive", "daily cycle + linear" -> "daily_cycle_linear",
// "RLinear" -> "rlinear": lower-case letters and digits, one '_' between words.
std::string baselineKey(const std::string& name) {
  std::string key;
  for (char ch : name) {
    if (ch == '(') break;
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u)) key += static_cast<char>(std::tolower(u));
    else if (!key.empty() && key.back() != '_') key += '_';
  }
  while (!key.empty() && key.back() == '_') key.pop_back();
  return key;
}

TrainingRecord record(const std::string& source, const std::string& sha, const TrainOptions& t, std::int64_t epochs,
                      double seconds, const std::string& command) {
  TrainingRecord r;
  r.dataset_path = absolutePath(source);
  r.dataset_sha256 = sha;
  r.seed = t.seed;
  r.epochs = epochs;
  r.train_seconds = seconds;
  r.trained_at_utc = utcTimestamp();
  r.command = command;
  return r;
}

}  // namespace

ForecastExperimentResult runForecastExperiment(const data::Series& series, const ForecastExperimentConfig& config,
                                               const TrainProgressFn& progress, const std::atomic<bool>* cancel,
                                               const StageFn& stage) {
  const auto start = Clock::now();
  ForecastExperimentResult res;
  report(stage, ExperimentStage::Preparing);
  // Before the least-squares choice too: its reductions' order follows the thread count.
  if (config.train.threads > 0) torch::set_num_threads(config.train.threads);
  if (!config.source_path.empty()) res.dataset_sha256 = sha256File(config.source_path);
  ModelOptions mo = forecastOptionsFor(series, config);
  auto prep = config.prep;
  prep.calendar = config.prep.calendar || mo.daily_cycle > 0;
  if (config.lookback_search && config.choose_linear_part && mo.linear_skip) {
    res.lookbacks = chooseLookback(series, prep, linearChoiceOptions(mo, mo.daily_cycle > 0 ? series.time.frequency.seconds : 0, config));
    prep.lookback = res.lookbacks.lookback();
    mo.input_window = prep.lookback;  // the skip and the embedding read the whole window
  }
  auto prepared = prepareForecast(series, prep);
  res.mase_scale = setMetricUnits(prepared.data, prepared.scaler.offset(), prepared.scaler.scale(), config.seasonal_period);
  const auto& d = prepared.data;
  res.columns = d.names;
  res.split = prepared.borders;
  res.rows = d.rows;
  res.test_windows = d.windows(d.test);
  res.frequency_seconds = prepared.frequency_seconds;
  res.missing = prepared.missing;
  res.mase_period = d.units.mase_period;

  mo.task = Task::Forecast;
  mo.channels = d.channels;
  mo.horizon = d.horizon;
  mo.calendar = config.prep.calendar;
  mo.step_seconds = mo.daily_cycle > 0 ? prepared.frequency_seconds : 0;

  // The least-squares part, chosen on validation (with too few rows for a training or a
  // validation window the trainer's own message says so).
  LinearChoice choice;
  const bool choosing = config.choose_linear_part && mo.linear_skip && d.windows(d.train) > 0 && d.windows(d.val) > 0;
  if (choosing) {
    // The lookback search already chose at the lookback it kept, on the same rows.
    choice = res.lookbacks.scores.empty() ? chooseLinearPart(d, linearChoiceOptions(mo, mo.step_seconds, config)) : res.lookbacks.part;
    mo.daily_cycle = choice.harmonics;
    mo.step_seconds = choice.harmonics > 0 ? prepared.frequency_seconds : 0;
    mo.skip_level = choice.pick().level;
    res.linear_candidates = choice.candidates;
    res.linear_chosen = choice.chosen;
    res.linear_part = choice.pick().name;
  } else {
    // A level from a loaded model's options needs the skip and predict_delta it came with.
    if (!mo.linear_skip || !mo.predict_delta) mo.skip_level = SkipLevel::Absolute;
    res.linear_part = linearPartName(mo);
  }

  report(stage, ExperimentStage::Training);
  auto trained = trainForecaster(mo, config.train, d, progress, cancel, choosing ? &choice : nullptr);
  res.status = trained.status;
  res.message = trained.message;
  res.history = trained.history;
  res.best_epoch = trained.best_epoch;
  res.train_seconds = trained.seconds;

  auto& info = res.info;
  info.options = mo;
  info.scaler.kind = scalerName(config.prep.scaler);
  info.scaler.offset = prepared.scaler.offset();
  info.scaler.scale = prepared.scaler.scale();
  info.schema.columns = d.names;
  info.schema.frequency_seconds = prepared.frequency_seconds;
  info.schema.has_time = !prepared.timestamps.empty();
  info.schema.lookback = d.lookback;
  info.schema.horizon = d.horizon;
  info.record = record(config.source_path, res.dataset_sha256, config.train, static_cast<std::int64_t>(res.history.size()),
                       res.train_seconds, config.command);
  info.record.split = config.prep.split == SplitKind::Ett ? "ett" : "ratios";
  if (config.prep.split == SplitKind::Ratios) {
    info.record.train_ratio = config.prep.train_ratio;
    info.record.val_ratio = config.prep.val_ratio;
  }
  info.record.missing_policy = missingName(config.prep.missing);
  info.record.linear_part = res.linear_part;

  if (trained.best_epoch > 0 && trained.model && config.guard_network && !res.linear_part.empty()) {
    res.guard = guardNetwork(*trained.model, d, res.linear_part);
    info.record.network_note = res.guard.message();
    auto& m = info.record.metrics;
    m["linear_val_mse"] = res.guard.linear_val_mse;
    m["network_val_mse"] = res.guard.network_val_mse;
    m["network_kept"] = res.guard.network_kept ? 1.0 : 0.0;
  }
  if (trained.best_epoch > 0 && trained.model) {
    report(stage, ExperimentStage::Evaluating);
    auto ev = evaluateForecaster(*trained.model, d, d.test, 0, res.mase_scale);
    res.test = ev.metrics;
    res.test_mse_by_step = ev.mse_by_step;
    auto& m = info.record.metrics;
    if (!res.linear_part.empty()) {
      res.has_linear_test = true;
      res.linear_test = res.guard.checked && !res.guard.network_kept
                            ? ev.metrics
                            : evaluateWithoutNetwork(*trained.model, d, d.test, res.mase_scale).metrics;
      m["linear_test_mse"] = res.linear_test.mse;
      m["linear_test_mae"] = res.linear_test.mae;
    }
    for (const auto& [name, value] : res.test.asMap())
      if (std::isfinite(value)) m["test_" + name] = value;
    if (config.stream_eval) {
      res.stream_from = static_cast<std::int64_t>(d.val.begin);
      auto st = evaluateForecasterStreaming(*trained.model, d, res.stream_from, d.test, StreamEvalMode::Auto, res.mase_scale);
      res.has_stream_test = true;
      res.stream_test = st.metrics;
      res.stream_test_mse_by_step = st.mse_by_step;
      res.stream_first_position = st.first_position;
      res.stream_last_position = st.last_position;
      m["stream_test_mse"] = st.metrics.mse;
      m["stream_test_mae"] = st.metrics.mae;
    }
    m["best_val_loss"] = trained.best_val_loss;
    m["best_epoch"] = static_cast<double>(trained.best_epoch);
  }
  if (config.run_baselines) {
    report(stage, ExperimentStage::Baselines);
    res.baselines = runBaselines(d, d.test, config.seasonal_period, res.mase_scale,
                                 dailyCycleApplies(series) ? prepared.frequency_seconds : 0);
    for (const auto& b : res.baselines) {
      info.record.metrics[baselineKey(b.name) + "_test_mse"] = b.metrics.mse;
      info.record.metrics[baselineKey(b.name) + "_test_mae"] = b.metrics.mae;
    }
  }
  if (trained.best_epoch > 0 && trained.model) res.model = TrainedModel::fromModule(trained.model, info);
  if (res.model.valid()) res.info = res.model.info();
  res.total_seconds = since(start);
  report(stage, ExperimentStage::Done);
  return res;
}

ClassifyExperimentResult runClassifyExperiment(const data::LabeledSeriesSet& train, const data::LabeledSeriesSet& test,
                                               const ClassifyExperimentConfig& config, const TrainProgressFn& progress,
                                               const std::atomic<bool>* cancel, const StageFn& stage) {
  const auto start = Clock::now();
  ClassifyExperimentResult res;
  report(stage, ExperimentStage::Preparing);
  if (!config.source_path.empty()) res.dataset_sha256 = sha256File(config.source_path);
  auto prepared = prepareClassification(train, test);
  const auto& d = prepared.data;
  res.classes = d.class_names;
  res.channels = d.channels;
  res.train_cases = static_cast<std::int64_t>(d.train.size());
  res.test_cases = static_cast<std::int64_t>(d.test.size());
  res.max_length = d.maxLength();

  ModelOptions mo = config.model;
  mo.task = Task::Classify;
  mo.channels = d.channels;
  mo.classes = static_cast<std::int64_t>(d.class_names.size());
  mo.channel_independent = false;
  mo.predict_delta = false;
  mo.calendar = false;

  report(stage, ExperimentStage::Training);
  auto trained = trainClassifier(mo, config.train, d, progress, cancel);
  res.status = trained.status;
  res.message = trained.message;
  res.history = trained.history;
  res.best_epoch = trained.best_epoch;
  res.train_seconds = trained.seconds;

  auto& info = res.info;
  info.options = mo;
  info.scaler.kind = "standard";
  info.scaler.offset = prepared.offset;
  info.scaler.scale = prepared.scale;
  info.schema.columns = train.channelNames;
  info.schema.classes = d.class_names;
  info.schema.max_length = res.max_length;
  info.record = record(config.source_path, res.dataset_sha256, config.train, static_cast<std::int64_t>(res.history.size()),
                       res.train_seconds, config.command);

  if (trained.best_epoch > 0 && trained.model) {
    report(stage, ExperimentStage::Evaluating);
    if (!d.test.empty()) {
      auto ev = evaluateClassifier(*trained.model, d.test, static_cast<int>(d.class_names.size()));
      res.test = ev.metrics;
      res.test_loss = ev.loss;
      res.predicted = ev.predicted;
      res.probabilities = ev.probabilities;
      for (const auto& c : d.test) res.actual.push_back(c.label);
      info.record.metrics["test_accuracy"] = res.test.accuracy;
      info.record.metrics["test_macro_f1"] = res.test.macro_f1;
      info.record.metrics["test_loss"] = res.test_loss;
    }
    info.record.metrics["best_val_loss"] = trained.best_val_loss;
    info.record.metrics["best_epoch"] = static_cast<double>(trained.best_epoch);
    res.model = TrainedModel::fromModule(trained.model, info);
    res.info = res.model.info();
  }
  res.total_seconds = since(start);
  report(stage, ExperimentStage::Done);
  return res;
}

}  // namespace aaren::train

namespace aaren::train {

std::string toString(EvalPart part) {
  switch (part) {
    case EvalPart::Test: return "test";
    case EvalPart::Validation: return "validation";
    case EvalPart::All: return "all";
  }
  return "test";
}

ForecastEvalResult evaluateForecastModel(const TrainedModel& model, const data::Series& series, const ForecastEvalOptions& o) {
  model.checkSchema(series);
  const auto& info = model.info();
  ForecastPrepOptions prep;
  prep.lookback = info.schema.lookback;
  prep.horizon = info.options.horizon;
  prep.split = o.split ? *o.split : (info.record.split == "ett" ? SplitKind::Ett : SplitKind::Ratios);
  prep.train_ratio = o.train_ratio > 0 ? o.train_ratio : (info.record.train_ratio > 0 ? info.record.train_ratio : 0.7);
  prep.val_ratio = o.val_ratio > 0 ? o.val_ratio : (info.record.val_ratio > 0 ? info.record.val_ratio : 0.1);
  prep.missing = missingFromName(info.record.missing_policy);
  prep.calendar = needsCalendar(info.options);
  prep.columns = info.schema.columns;
  if (info.scaler.kind != "none" && !info.scaler.offset.empty()) {
    prep.scaler = info.scaler.kind == "minmax" ? data::ScalerKind::MinMax : data::ScalerKind::Standard;
    prep.fixed_offset = info.scaler.offset;
    prep.fixed_scale = info.scaler.scale;
  } else {
    prep.fixed_offset.assign(info.schema.columns.empty() ? series.cols() : info.schema.columns.size(), 0.0);
    prep.fixed_scale.assign(prep.fixed_offset.size(), 1.0);
  }
  auto prepared = prepareForecast(series, prep);
  auto& d = prepared.data;
  ForecastEvalResult r;
  r.mase_scale = setMetricUnits(d, prep.fixed_offset, prep.fixed_scale, o.seasonal_period);
  r.mase_period = d.units.mase_period;
  r.split = prepared.borders;
  r.range = o.part == EvalPart::Test ? d.test : o.part == EvalPart::Validation ? d.val : data::RowRange{0, static_cast<std::size_t>(d.rows)};
  r.windows = d.windows(r.range);
  if (r.windows < 1)
    throw std::invalid_argument("the " + toString(o.part) + " part has " + std::to_string(r.range.size()) +
                                " rows, fewer than lookback + horizon = " + std::to_string(d.lookback + d.horizon));
  auto ev = evaluateForecaster(*model.module(), d, r.range, 0, r.mase_scale);
  r.metrics = ev.metrics;
  r.mse_by_step = ev.mse_by_step;
  if (o.run_baselines)
    r.baselines = runBaselines(d, r.range, o.seasonal_period, r.mase_scale, dailyCycleApplies(series) ? prepared.frequency_seconds : 0);
  return r;
}

ClassifyEvalResult evaluateClassifyModel(const TrainedModel& model, const data::LabeledSeriesSet& set) {
  ClassifyEvalResult r;
  r.cases = model.classify(set);
  const auto& classes = model.info().schema.classes;
  std::vector<int> predicted, actual;
  for (std::size_t i = 0; i < set.size(); ++i) {
    int a = -1;
    if (i < set.labels.size() && !set.labels[i].empty()) {
      auto it = std::find(classes.begin(), classes.end(), set.labels[i]);
      if (it != classes.end()) a = static_cast<int>(it - classes.begin());
      else ++r.unknown_labels;
    }
    r.actual.push_back(a);
    if (a >= 0) {
      predicted.push_back(r.cases[i].predicted);
      actual.push_back(a);
    }
  }
  if (!actual.empty()) r.metrics = classificationMetrics(predicted, actual, static_cast<int>(classes.size()));
  return r;
}

}  // namespace aaren::train
