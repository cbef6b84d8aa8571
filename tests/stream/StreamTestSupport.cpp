#include "tests/stream/StreamTestSupport.h"

#include "core/models/CalendarFeatures.h"
#include "core/models/Model.h"

#include <cmath>
#include <random>

namespace aaren::testing {

train::TrainedModel makeStreamModel(const ModelOptions& options, std::uint64_t seed, std::vector<std::string> columns) {
  torch::manual_seed(seed);
  auto model = makeModel(options);
  ModelFileInfo info;
  info.options = options;
  if (columns.empty())
    for (std::int64_t c = 0; c < options.channels; ++c) columns.push_back("c" + std::to_string(c));
  info.schema.columns = columns;
  info.schema.frequency_seconds = 3600;
  info.schema.has_time = true;
  info.schema.lookback = 24;
  info.schema.horizon = options.task == Task::Forecast ? options.horizon : 0;
  if (options.task == Task::Classify)
    for (std::int64_t k = 0; k < options.classes; ++k) info.schema.classes.push_back("class" + std::to_string(k));
  info.scaler.kind = "standard";
  for (std::int64_t c = 0; c < options.channels; ++c) {
    info.scaler.offset.push_back(10.0 + static_cast<double>(c));
    info.scaler.scale.push_back(2.0 + static_cast<double>(c));
  }
  return train::TrainedModel::fromModule(model.ptr(), info);
}

data::Series makeSeries(std::size_t rows, std::size_t channels, std::uint64_t seed) {
  data::Series s;
  s.rows = rows;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.3);
  for (std::size_t c = 0; c < channels; ++c) s.names.push_back(std::string(1, 'c').append(std::to_string(c)));
  s.values.resize(rows * channels);
  for (std::size_t c = 0; c < channels; ++c)
    for (std::size_t r = 0; r < rows; ++r)
      s.values[c * rows + r] = 10.0 + static_cast<double>(c) + 3.0 * std::sin(static_cast<double>(r) * 2.0 * M_PI / 24.0 + static_cast<double>(c)) + noise(rng);
  for (std::size_t r = 0; r < rows; ++r) s.timestamps.push_back(1577836800 + static_cast<std::int64_t>(r) * 3600);
  s.refreshStats();
  return s;
}

std::vector<double> batchOutput(const train::TrainedModel& model, const data::Series& series, std::size_t n) {
  const auto& o = model.options();
  const auto& sc = model.info().scaler;
  const auto C = o.channels;
  auto x = torch::empty({1, static_cast<std::int64_t>(n), C});
  torch::Tensor cal;
  if (o.calendar) cal = torch::empty({1, static_cast<std::int64_t>(n), kCalendarFeatures});
  for (std::size_t t = 0; t < n; ++t) {
    for (std::int64_t c = 0; c < C; ++c)
      x[0][static_cast<std::int64_t>(t)][c] = (series.at(t, static_cast<std::size_t>(c)) - sc.offset[static_cast<std::size_t>(c)]) / sc.scale[static_cast<std::size_t>(c)];
    if (o.calendar) {
      const auto f = calendarFeatures(series.timestamps[t]);
      for (int k = 0; k < kCalendarFeatures; ++k) cal[0][static_cast<std::int64_t>(t)][k] = f[static_cast<std::size_t>(k)];
    }
  }
  torch::NoGradGuard g;
  auto module = model.module();
  std::vector<double> out;
  if (o.task == Task::Forecast) {
    auto y = module->forward(x, {}, cal).select(1, static_cast<std::int64_t>(n) - 1).contiguous();  // [1, H, C]
    for (std::int64_t k = 0; k < o.horizon; ++k)
      for (std::int64_t c = 0; c < C; ++c)
        out.push_back(y[0][k][c].item<double>() * sc.scale[static_cast<std::size_t>(c)] + sc.offset[static_cast<std::size_t>(c)]);
  } else {
    auto p = torch::softmax(module->forward(x, {}, cal), -1).contiguous();
    for (std::int64_t k = 0; k < o.classes; ++k) out.push_back(p[0][k].item<double>());
  }
  return out;
}

std::vector<stream::Sample> collect(stream::StreamSource& source, std::size_t n, std::chrono::milliseconds deadline) {
  std::vector<stream::Sample> out;
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (out.size() < n && std::chrono::steady_clock::now() < until) source.buffer().pop(out, n - out.size(), std::chrono::milliseconds(20));
  return out;
}

}  // namespace aaren::testing
