// The limits a model file's header must respect (listed in ModelFileInfo.h), checked before
// anything is allocated from it.
#include "core/models/ModelFileInfo.h"

#include "core/data/InputFile.h"

#include <cmath>
#include <stdexcept>

namespace aaren {
namespace {

using K = ModelFileError::Kind;

struct Limit {
  const char* name;
  std::int64_t value, low, high;
};

void checkRange(const Limit& l, const char* where) {
  if (l.value < l.low || l.value > l.high)
    throw std::invalid_argument(std::string(where) + l.name + " = " + std::to_string(l.value) + ": must be between " +
                                std::to_string(l.low) + " and " + std::to_string(l.high));
}

void checkOptionLimits(const ModelOptions& o) {
  const Limit limits[] = {{"channels", o.channels, 1, 4096},  {"d_model", o.d_model, 1, 4096},
                          {"heads", o.heads, 1, 256},         {"layers", o.layers, 1, 64},
                          {"d_ff", o.d_ff, 1, 16384},         {"horizon", o.horizon, 0, 100000},
                          {"classes", o.classes, 0, 100000},  {"scan_chunk", o.scan_chunk, 1, 65536}};
  for (const auto& l : limits) checkRange(l, "ModelOptions.");
  validate(o);
}

void checkSchemaLimits(const ModelFileInfo& info) {
  const auto& s = info.schema;
  const Limit limits[] = {{"lookback", s.lookback, 0, 1000000},
                          {"horizon", s.horizon, 0, 100000},
                          {"max_length", s.max_length, 0, 100000000},
                          {"frequency_seconds", s.frequency_seconds, 0, std::int64_t(1) << 40}};
  for (const auto& l : limits) checkRange(l, "schema.");
  const auto channels = static_cast<std::size_t>(info.options.channels);
  if (!s.columns.empty() && s.columns.size() != channels)
    throw std::invalid_argument("schema has " + std::to_string(s.columns.size()) + " columns for " +
                                std::to_string(channels) + " channels");
  if (info.options.task == Task::Classify && !s.classes.empty() &&
      s.classes.size() != static_cast<std::size_t>(info.options.classes))
    throw std::invalid_argument("schema has " + std::to_string(s.classes.size()) + " class labels for " +
                                std::to_string(info.options.classes) + " classes");
}

void checkScaler(const ModelFileInfo& info) {
  const auto& sc = info.scaler;
  const auto want = sc.kind == "none" ? std::size_t(0) : static_cast<std::size_t>(info.options.channels);
  if (sc.offset.size() != want || sc.scale.size() != want)
    throw std::invalid_argument("scaler '" + sc.kind + "' has " + std::to_string(sc.offset.size()) +
                                " offsets and " + std::to_string(sc.scale.size()) + " scales; " +
                                (want ? "the model has " + std::to_string(want) + " channels"
                                      : std::string("it needs none")));
  for (std::size_t c = 0; c < want; ++c)
    if (!std::isfinite(sc.offset[c]) || !std::isfinite(sc.scale[c]))
      throw std::invalid_argument("scaler channel " + std::to_string(c) + " has a non-finite offset or scale");
}

}  // namespace

void validateHeader(const ModelFileInfo& info, const std::filesystem::path& file) {
  try {
    checkOptionLimits(info.options);
  } catch (const std::exception& e) {
    throw ModelFileError(K::Corrupt, file, std::string("invalid model options in the header: ") + e.what());
  }
  try {
    checkSchemaLimits(info);
    checkScaler(info);
  } catch (const std::exception& e) {
    throw ModelFileError(K::Corrupt, file, std::string("corrupt model file header: ") + e.what());
  }
}

std::uint64_t minimumWeightBytes(const ModelOptions& o) {
  // Bounded by validateHeader: no product below overflows 64 bits.
  const auto u = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
  const std::uint64_t d = u(o.d_model), ec = o.channel_independent ? 1 : u(o.channels);
  std::uint64_t floats = u(o.layers) * d * (2 * d + 2 * u(o.d_ff));  // attention and feed-forward
  floats += ec * u(o.input_window) * d;                              // value embedding
  if (o.task == Task::Forecast)
    floats += d * u(o.horizon) * ec + (o.linear_skip ? u(o.input_window) * u(o.horizon) : 0);
  else
    floats += d * u(o.classes);
  return 4 * floats;
}

void checkWeightsCanHold(const ModelFileInfo& info, std::uint64_t weight_bytes, const std::filesystem::path& file) {
  const std::uint64_t need = minimumWeightBytes(info.options);
  if (weight_bytes < need)
    throw ModelFileError(K::WeightsMismatch, file,
                         "weights do not match the model options: the options need at least " +
                             std::to_string(need) + " bytes of weights (" + data::describeBytes(need) +
                             "), the file holds " + std::to_string(weight_bytes));
}

}  // namespace aaren
