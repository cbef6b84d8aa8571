#pragma once
// Synthetic forecasting data for the core/train tests: hourly (or any step) rows with their
// calendar features and timestamps, split 60 / 20 / 20 with lookback 48 and horizon 12, and
// the small channel-independent forecaster with linear parts the tests train.
#include "core/models/CalendarFeatures.h"
#include "core/models/ModelOptions.h"
#include "core/train/ForecastData.h"

#include <cmath>
#include <cstdint>
#include <numbers>

namespace aaren::testing {

inline constexpr double kTwoPi = 2.0 * std::numbers::pi;
inline constexpr std::int64_t kStart = 1467331200;  // 2016-07-01 00:00:00 UTC

// Rows of an hourly (or `step`-second) series with calendar features; `value(c, r, phase)`
// gives channel c at row r, phase = the time of day in radians.
template <class F>
train::ForecastData series(std::int64_t rows, std::int64_t channels, std::int64_t step, F value) {
  train::ForecastData d;
  d.rows = rows;
  d.channels = channels;
  d.lookback = 48;
  d.horizon = 12;
  for (std::int64_t r = 0; r < rows; ++r) {
    const auto t = kStart + step * r;
    const double phase = kTwoPi * static_cast<double>(t % 86400) / 86400.0;
    for (std::int64_t c = 0; c < channels; ++c) d.values.push_back(static_cast<float>(value(c, r, phase)));
    const auto f = calendarFeatures(t);
    d.calendar.insert(d.calendar.end(), f.begin(), f.end());
    d.timestamps.push_back(t);
  }
  const auto r = static_cast<std::size_t>(rows);
  d.train = {0, r * 6 / 10};
  d.val = {r * 6 / 10 - 48, r * 8 / 10};
  d.test = {r * 8 / 10 - 48, r};
  return d;
}

inline ModelOptions forecaster(std::int64_t channels, std::int64_t step_seconds, std::int64_t harmonics, bool skip) {
  ModelOptions o;
  o.channels = channels;
  o.horizon = 12;
  o.d_model = 16;
  o.heads = 2;
  o.layers = 1;
  o.d_ff = 16;
  o.dropout = 0.0;
  o.channel_independent = true;
  o.predict_delta = true;
  o.input_window = 48;
  o.relative_window = true;
  o.scale_window = true;
  o.positional = false;
  o.final_norm = false;
  o.daily_cycle = harmonics;
  o.step_seconds = harmonics > 0 ? step_seconds : 0;
  o.linear_skip = skip;
  return o;
}

}  // namespace aaren::testing
