#include "ui/training/TrainingSetup.h"

#include "core/models/ModelFileInfo.h"
#include "core/train/ExperimentJson.h"
#include "ui/data/Dataset.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace aaren::ui {

namespace tr = aaren::train;

std::string toString(ModelChoice choice) {
  switch (choice) {
    case ModelChoice::Aaren: return "aaren";
    case ModelChoice::Transformer: return "transformer";
    case ModelChoice::BaselinesOnly: return "baselines";
  }
  return "aaren";
}

std::optional<ModelChoice> modelChoiceFromString(const std::string& text) {
  if (text == "aaren") return ModelChoice::Aaren;
  if (text == "transformer") return ModelChoice::Transformer;
  if (text == "baselines") return ModelChoice::BaselinesOnly;
  return std::nullopt;
}

TrainingSetup defaultSetup() {
  TrainingSetup s;
  s.forecast = tr::defaultForecastConfig();
  s.classify = tr::defaultClassifyConfig();
  // Quicker than the command line's defaults: every 4th training window, at most 1,024
  // validation windows, 4 epochs. ETTh1 then trains in about a minute on two cores.
  s.forecast.train.epochs = 4;
  s.forecast.train.train_stride = 4;
  s.forecast.train.max_val_windows = 1024;
  s.forecast.command = "aaren-studio: Train";
  s.classify.train.epochs = 30;
  s.classify.train.patience = 8;
  s.classify.train.batch_size = 16;
  s.classify.command = "aaren-studio: Train";
  return s;
}

TrainingSetup adaptedTo(TrainingSetup s, const Dataset& d) {
  s.forecast.source_path = d.request.path.toStdString();
  s.classify.source_path = d.request.path.toStdString();
  if (d.kind == Dataset::Kind::Forecast) {
    if (s.autoSplit) s.forecast.prep.split = tr::defaultSplit(d.series, s.forecast.source_path);
    auto& cols = s.forecast.prep.columns;
    cols.erase(std::remove_if(cols.begin(), cols.end(), [&](const std::string& c) { return !d.series.find(c).has_value(); }), cols.end());
    if (s.forecast.prep.calendar && !d.series.hasTime()) s.forecast.prep.calendar = false;
  } else if (s.choice == ModelChoice::BaselinesOnly) {
    s.choice = ModelChoice::Aaren;  // the baselines are forecasters
  }
  return s;
}

std::optional<aaren::data::SplitBorders> splitFor(const TrainingSetup& s, const Dataset& d) {
  if (d.kind != Dataset::Kind::Forecast) return std::nullopt;
  const auto& p = s.forecast.prep;
  const auto L = static_cast<std::size_t>(std::max<std::int64_t>(p.lookback, 0));
  try {
    if (p.split == tr::SplitKind::Ett) {
      if (!d.series.hasTime()) return std::nullopt;
      return aaren::data::ettSplit(d.series.rows, d.series.time.frequency.seconds, L);
    }
    return aaren::data::splitByRatios(d.series.rows, p.train_ratio, p.val_ratio, L);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

nlohmann::json toJson(const TrainingSetup& s, bool classify) {
  nlohmann::json j = classify ? tr::toJson(s.classify) : tr::toJson(s.forecast);
  j["choice"] = toString(s.choice);
  j["auto_split"] = s.autoSplit;
  return j;
}

namespace {

template <typename T>
void read(const nlohmann::json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  try {
    out = it->get<T>();
  } catch (const nlohmann::json::exception&) {
  }
}

void readTrain(const nlohmann::json& j, tr::TrainOptions& t) {
  if (!j.is_object()) return;
  read(j, "epochs", t.epochs);
  read(j, "batch_size", t.batch_size);
  read(j, "learning_rate", t.learning_rate);
  read(j, "weight_decay", t.weight_decay);
  std::string schedule;
  read(j, "schedule", schedule);
  if (schedule == "constant") t.schedule = tr::Schedule::Constant;
  if (schedule == "cosine") t.schedule = tr::Schedule::Cosine;
  read(j, "warmup_fraction", t.warmup_fraction);
  read(j, "patience", t.patience);
  read(j, "grad_clip", t.grad_clip);
  read(j, "seed", t.seed);
  read(j, "all_positions", t.all_positions);
  read(j, "train_stride", t.train_stride);
  read(j, "train_length", t.train_length);
  read(j, "max_position_offset", t.max_position_offset);
  read(j, "full_context_loss", t.full_context_loss);
  read(j, "train_linear_parts", t.train_linear_parts);
  read(j, "max_val_windows", t.max_val_windows);
  read(j, "val_fraction", t.val_fraction);
  read(j, "threads", t.threads);
}

void readPrep(const nlohmann::json& j, tr::ForecastPrepOptions& p) {
  if (!j.is_object()) return;
  read(j, "lookback", p.lookback);
  read(j, "horizon", p.horizon);
  std::string text;
  read(j, "split", text);
  if (text == "ett") p.split = tr::SplitKind::Ett;
  if (text == "ratios") p.split = tr::SplitKind::Ratios;
  read(j, "train_ratio", p.train_ratio);
  read(j, "val_ratio", p.val_ratio);
  text.clear();
  read(j, "scaler", text);
  if (text == "standard") p.scaler = aaren::data::ScalerKind::Standard;
  if (text == "minmax") p.scaler = aaren::data::ScalerKind::MinMax;
  text.clear();
  read(j, "missing", text);
  if (text == "interpolate") p.missing = aaren::data::MissingPolicy::Interpolate;
  if (text == "ffill") p.missing = aaren::data::MissingPolicy::ForwardFill;
  if (text == "drop") p.missing = aaren::data::MissingPolicy::Drop;
  read(j, "calendar", p.calendar);
  read(j, "columns", p.columns);
}

}  // namespace

TrainingSetup setupFromJson(const nlohmann::json& j) {
  TrainingSetup s = defaultSetup();
  if (!j.is_object()) return s;
  std::string choice;
  read(j, "choice", choice);
  if (auto c = modelChoiceFromString(choice)) s.choice = *c;
  read(j, "auto_split", s.autoSplit);
  const bool classify = j.value("task", std::string()) == "classify";
  auto& model = classify ? s.classify.model : s.forecast.model;
  if (auto it = j.find("model"); it != j.end() && it->is_object()) {
    try {
      aaren::ModelOptions o = it->get<aaren::ModelOptions>();
      model = o;
      if (s.choice != ModelChoice::BaselinesOnly) s.choice = o.type == aaren::ModelType::Transformer ? ModelChoice::Transformer : ModelChoice::Aaren;
    } catch (const std::exception&) {
    }
  }
  if (auto it = j.find("train"); it != j.end()) readTrain(*it, classify ? s.classify.train : s.forecast.train);
  if (auto it = j.find("prep"); it != j.end()) readPrep(*it, s.forecast.prep);
  read(j, "seasonal_period", s.forecast.seasonal_period);
  read(j, "choose_linear_part", s.forecast.choose_linear_part);
  read(j, "guard_network", s.forecast.guard_network);
  read(j, "lookback_search", s.forecast.lookback_search);
  return s;
}

}  // namespace aaren::ui
