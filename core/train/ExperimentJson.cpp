#include "core/train/ExperimentJson.h"

#include <cmath>

namespace aaren::train {

using nlohmann::json;

namespace {

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json nums(const std::vector<double>& v) {
  json out = json::array();
  for (double x : v) out.push_back(num(x));
  return out;
}

json range(const data::RowRange& r) { return json::array({r.begin, r.end}); }

json split(const data::SplitBorders& b) {
  return {{"train", range(b.train)}, {"val", range(b.val)}, {"test", range(b.test)}};
}

std::string scheduleName(Schedule s) { return s == Schedule::Cosine ? "cosine" : "constant"; }

}  // namespace

json toJson(const TrainOptions& o) {
  return {{"epochs", o.epochs},
          {"batch_size", o.batch_size},
          {"learning_rate", o.learning_rate},
          {"weight_decay", o.weight_decay},
          {"schedule", scheduleName(o.schedule)},
          {"warmup_fraction", o.warmup_fraction},
          {"patience", o.patience},
          {"grad_clip", o.grad_clip},
          {"seed", o.seed},
          {"all_positions", o.all_positions},
          {"train_stride", o.train_stride},
          {"train_length", o.train_length},
          {"max_position_offset", o.max_position_offset},
          {"full_context_loss", o.full_context_loss},
          {"train_linear_parts", o.train_linear_parts},
          {"max_val_windows", o.max_val_windows},
          {"val_fraction", o.val_fraction},
          {"threads", o.threads}};
}

json toJson(const ForecastPrepOptions& o) {
  json j = {{"lookback", o.lookback},
            {"horizon", o.horizon},
            {"split", o.split == SplitKind::Ett ? "ett" : "ratios"},
            {"scaler", o.scaler == data::ScalerKind::Standard ? "standard" : "minmax"},
            {"missing", o.missing == data::MissingPolicy::Interpolate ? "interpolate"
                        : o.missing == data::MissingPolicy::ForwardFill ? "ffill"
                                                                        : "drop"},
            {"calendar", o.calendar},
            {"columns", o.columns}};
  if (o.split == SplitKind::Ratios) {
    j["train_ratio"] = o.train_ratio;
    j["val_ratio"] = o.val_ratio;
  }
  return j;
}

json toJson(const ForecastExperimentConfig& c) {
  return {{"task", "forecast"},        {"model", json(c.model)},
          {"train", toJson(c.train)},  {"prep", toJson(c.prep)},
          {"source_path", c.source_path}, {"seasonal_period", c.seasonal_period},
          {"choose_linear_part", c.choose_linear_part}, {"guard_network", c.guard_network},
          {"lookback_search", c.lookback_search}};
}

json toJson(const ClassifyExperimentConfig& c) {
  return {{"task", "classify"}, {"model", json(c.model)}, {"train", toJson(c.train)}, {"source_path", c.source_path}};
}

json toJson(const ChannelMetrics& c) {
  return {{"name", c.name},         {"mae", num(c.mae)},   {"rmse", num(c.rmse)},   {"mape", num(c.mape)},
          {"smape", num(c.smape)},  {"mase", num(c.mase)}, {"count", c.count},      {"near_zero", c.near_zero}};
}

json toJson(const ForecastMetrics& m) {
  json channels = json::array();
  for (const auto& c : m.channels) channels.push_back(toJson(c));
  return {{"mse", num(m.mse)},
          {"mae", num(m.mae)},
          {"rmse", num(m.rmse)},
          {"mae_original", num(m.mae_original)},
          {"rmse_original", num(m.rmse_original)},
          {"mape", num(m.mape)},
          {"smape", num(m.smape)},
          {"mase", num(m.mase)},
          {"count", m.count},
          {"channels", channels}};
}

json toJson(const ClassificationMetrics& m) {
  return {{"accuracy", num(m.accuracy)},
          {"macro_f1", num(m.macro_f1)},
          {"confusion", m.confusion},
          {"per_class_accuracy", nums(m.per_class_accuracy)},
          {"count", m.count}};
}

json toJson(const EpochRecord& e) {
  json metrics = json::object();
  for (const auto& [k, v] : e.val_metrics) metrics[k] = num(v);
  return {{"epoch", e.epoch}, {"train_loss", num(e.train_loss)}, {"val_loss", num(e.val_loss)}, {"val_metrics", metrics}, {"seconds", e.seconds}};
}

json toJson(const BaselineResult& b) {
  return {{"name", b.name}, {"metrics", toJson(b.metrics)}, {"mse_by_step", nums(b.mse_by_step)}};
}

namespace {

json history(const std::vector<EpochRecord>& h) {
  json out = json::array();
  for (const auto& e : h) out.push_back(toJson(e));
  return out;
}

}  // namespace

json toJson(const ForecastExperimentResult& r) {
  json baselines = json::array();
  for (const auto& b : r.baselines) baselines.push_back(toJson(b));
  json candidates = json::array();
  for (std::size_t i = 0; i < r.linear_candidates.size(); ++i) {
    const auto& c = r.linear_candidates[i];
    candidates.push_back({{"name", c.name},          {"parameters", c.parameters}, {"ridge", c.kind == LinearKind::Map ? json(c.ridge) : json(nullptr)},
                          {"val_mse", num(c.val_mse)}, {"gap_se", num(c.gap_se)},  {"eligible", c.eligible},
                          {"chosen", i == r.linear_chosen}});
  }
  json lookbacks = json::array();
  for (std::size_t i = 0; i < r.lookbacks.scores.size(); ++i) {
    const auto& l = r.lookbacks.scores[i];
    lookbacks.push_back({{"lookback", l.lookback}, {"pick", l.pick}, {"val_mse", num(l.val_mse)}, {"gap_se", num(l.gap_se)},
                         {"eligible", l.eligible}, {"chosen", i == r.lookbacks.chosen}});
  }
  json guard = r.guard.checked ? json{{"linear_val_mse", num(r.guard.linear_val_mse)},
                                      {"network_val_mse", num(r.guard.network_val_mse)},
                                      {"gap_se", num(r.guard.gap_se)},
                                      {"network_kept", r.guard.network_kept},
                                      {"message", r.guard.message()}}
                               : json(nullptr);
  return {{"task", "forecast"},
          {"status", toString(r.status)},
          {"message", r.message},
          {"best_epoch", r.best_epoch},
          {"train_seconds", r.train_seconds},
          {"total_seconds", r.total_seconds},
          {"columns", r.columns},
          {"rows", r.rows},
          {"split", split(r.split)},
          {"test_windows", r.test_windows},
          {"frequency_seconds", r.frequency_seconds},
          {"dataset_sha256", r.dataset_sha256},
          {"parameters", r.model.valid() ? json(r.model.parameterCount()) : json(nullptr)},
          {"test", r.model.valid() ? toJson(r.test) : json(nullptr)},
          {"test_mse_by_step", nums(r.test_mse_by_step)},
          {"stream_test", r.model.valid() && r.has_stream_test
                              ? json{{"metrics", toJson(r.stream_test)},
                                     {"from_row", r.stream_from},
                                     {"first_position", r.stream_first_position},
                                     {"last_position", r.stream_last_position},
                                     {"mse_by_step", nums(r.stream_test_mse_by_step)}}
                              : json(nullptr)},
          {"baselines", baselines},
          {"linear_part", r.linear_part},
          {"linear_candidates", candidates},
          {"lookback_search", lookbacks},
          {"guard", guard},
          {"linear_test", r.has_linear_test ? toJson(r.linear_test) : json(nullptr)},
          {"mase_scale", num(r.mase_scale)},
          {"mase_period", r.mase_period},
          {"history", history(r.history)}};
}

json toJson(const ClassifyExperimentResult& r) {
  json cases = json::array();
  for (std::size_t i = 0; i < r.predicted.size(); ++i)
    cases.push_back({{"predicted", r.classes[static_cast<std::size_t>(r.predicted[i])]},
                     {"actual", i < r.actual.size() ? json(r.classes[static_cast<std::size_t>(r.actual[i])]) : json(nullptr)},
                     {"probabilities", r.probabilities[i]}});
  return {{"task", "classify"},
          {"status", toString(r.status)},
          {"message", r.message},
          {"best_epoch", r.best_epoch},
          {"train_seconds", r.train_seconds},
          {"total_seconds", r.total_seconds},
          {"classes", r.classes},
          {"channels", r.channels},
          {"train_cases", r.train_cases},
          {"test_cases", r.test_cases},
          {"max_length", r.max_length},
          {"dataset_sha256", r.dataset_sha256},
          {"parameters", r.model.valid() ? json(r.model.parameterCount()) : json(nullptr)},
          {"test", r.model.valid() && r.test_cases > 0 ? toJson(r.test) : json(nullptr)},
          {"test_loss", num(r.test_loss)},
          {"cases", cases},
          {"history", history(r.history)}};
}

json toJson(const ForecastEvalResult& r) {
  json baselines = json::array();
  for (const auto& b : r.baselines) baselines.push_back(toJson(b));
  return {{"split", split(r.split)},     {"range", range(r.range)},
          {"windows", r.windows},        {"metrics", toJson(r.metrics)},
          {"mse_by_step", nums(r.mse_by_step)}, {"baselines", baselines},
          {"mase_scale", num(r.mase_scale)}, {"mase_period", r.mase_period}};
}

}  // namespace aaren::train
