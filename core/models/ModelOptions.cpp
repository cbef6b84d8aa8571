#include "core/models/ModelOptions.h"

#include <stdexcept>

namespace aaren {
namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

std::string field(const char* name, std::int64_t value) {
  return std::string("ModelOptions.") + name + " = " + std::to_string(value);
}

}  // namespace

void validate(const ModelOptions& o) {
  require(o.channels >= 1, field("channels", o.channels) + ": must be at least 1");
  require(o.d_model >= 1, field("d_model", o.d_model) + ": must be at least 1");
  require(o.heads >= 1, field("heads", o.heads) + ": must be at least 1");
  require(o.d_model % o.heads == 0,
          field("d_model", o.d_model) + ": must be divisible by heads (" +
              std::to_string(o.heads) + ")");
  require(o.layers >= 1, field("layers", o.layers) + ": must be at least 1");
  require(o.d_ff >= 1, field("d_ff", o.d_ff) + ": must be at least 1");
  require(o.dropout >= 0.0 && o.dropout < 1.0,
          "ModelOptions.dropout = " + std::to_string(o.dropout) + ": must be in [0, 1)");
  require(o.scan_chunk >= 1, field("scan_chunk", o.scan_chunk) + ": must be at least 1");
  require(o.input_window >= 1 && o.input_window <= 4096,
          field("input_window", o.input_window) + ": must be between 1 and 4096");
  require(!o.relative_window || o.input_window > 1,
          "ModelOptions.relative_window needs input_window > 1 (a window of one sample relative to itself is 0)");
  require(!o.scale_window || o.relative_window,
          "ModelOptions.scale_window needs relative_window (the spread is measured around the current sample)");
  require(!o.relative_window || o.task != Task::Forecast || o.predict_delta,
          "ModelOptions.relative_window needs predict_delta for forecasting (nothing else gives the level back)");
  require(o.daily_cycle >= 0 && o.daily_cycle <= 64, field("daily_cycle", o.daily_cycle) + ": must be between 0 and 64 harmonics");
  require(o.step_seconds >= 0, field("step_seconds", o.step_seconds) + ": must not be negative");
  require(o.daily_cycle == 0 || o.step_seconds > 0,
          "ModelOptions.daily_cycle needs step_seconds (the sampling interval places the forecast steps on the clock)");
  require(o.daily_cycle == 0 || (o.step_seconds < 86400 && 86400 % o.step_seconds == 0),
          field("step_seconds", o.step_seconds) + ": a daily cycle needs a step shorter than a day that divides it");
  require(!o.linear_skip || o.input_window > 1,
          "ModelOptions.linear_skip needs input_window > 1 (the skip reads the input window)");
  require(o.skip_level == SkipLevel::Absolute || (o.linear_skip && o.predict_delta),
          "ModelOptions.skip_level " + toString(o.skip_level) + " needs linear_skip and predict_delta (the level comes back through x[t])");
  if (o.task == Task::Forecast) {
    require(o.horizon >= 1, field("horizon", o.horizon) + ": must be at least 1");
  } else {
    require(o.daily_cycle == 0 && !o.linear_skip, "ModelOptions: daily_cycle and linear_skip apply to forecasting only");
    require(o.classes >= 2, field("classes", o.classes) + ": must be at least 2");
    require(!o.channel_independent && !o.predict_delta,
            "ModelOptions: channel_independent and predict_delta apply to forecasting only");
  }
}

bool needsCalendar(const ModelOptions& o) { return o.calendar || o.daily_cycle > 0; }

std::string calendarUse(const ModelOptions& o) {
  return o.calendar ? "the model uses calendar features" : o.daily_cycle > 0 ? "the model has a daily cycle" : "";
}

std::string toString(ModelType type) {
  return type == ModelType::Aaren ? "aaren" : "transformer";
}
std::string toString(Task task) { return task == Task::Forecast ? "forecast" : "classify"; }
std::string toString(Pooling pooling) { return pooling == Pooling::Last ? "last" : "mean"; }

std::string toString(SkipLevel level) {
  switch (level) {
    case SkipLevel::Absolute: return "absolute";
    case SkipLevel::Mean: return "mean";
    case SkipLevel::MeanSpread: return "mean_spread";
  }
  return "absolute";
}

SkipLevel skipLevelFromString(const std::string& name) {
  if (name == "absolute") return SkipLevel::Absolute;
  if (name == "mean") return SkipLevel::Mean;
  if (name == "mean_spread") return SkipLevel::MeanSpread;
  throw std::invalid_argument("unknown skip level '" + name + "' (expected absolute, mean or mean_spread)");
}

ModelType modelTypeFromString(const std::string& name) {
  if (name == "aaren") return ModelType::Aaren;
  if (name == "transformer") return ModelType::Transformer;
  throw std::invalid_argument("unknown model type '" + name + "' (expected aaren or transformer)");
}

Task taskFromString(const std::string& name) {
  if (name == "forecast") return Task::Forecast;
  if (name == "classify") return Task::Classify;
  throw std::invalid_argument("unknown task '" + name + "' (expected forecast or classify)");
}

Pooling poolingFromString(const std::string& name) {
  if (name == "last") return Pooling::Last;
  if (name == "mean") return Pooling::Mean;
  throw std::invalid_argument("unknown pooling '" + name + "' (expected last or mean)");
}

}  // namespace aaren
