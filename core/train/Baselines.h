#pragma once
// Baselines trained and scored on the same split as every neural model, so a user sees
// whether the network earns its keep: naive (last value), seasonal naive (period
// detected or given) and a channel-independent linear model (lookback -> horizon, least
// squares, weights shared across channels). No Torch.
#include "core/train/ForecastData.h"
#include "core/train/Metrics.h"

#include <functional>
#include <string>
#include <vector>

namespace aaren::train {

struct BaselineResult {
  std::string name;                   // "naive", "seasonal naive (24)", "linear"
  ForecastMetrics metrics;            // on scaled values
  std::vector<double> mse_by_step;    // horizon entries
};

// One channel's forecast: `history` holds the lookback values of that channel (oldest
// first); write `horizon` values to `out`.
using ChannelForecaster = std::function<void(const float* history, float* out)>;

// Scores a channel-wise forecaster on every window of `range`, every channel.
BaselineResult scoreChannelForecaster(const ForecastData& data, const RowRange& range,
                                      const ChannelForecaster& forecaster, const std::string& name,
                                      double mase_scale = 0);

// A forecaster that needs to know which window it forecasts (the daily cycle reads the time
// of the rows): `start` is the row the window's lookback starts at, `channel` its channel.
using WindowForecaster = std::function<void(std::int64_t start, std::int64_t channel, const float* history, float* out)>;
BaselineResult scoreWindowForecaster(const ForecastData& data, const RowRange& range,
                                     const WindowForecaster& forecaster, const std::string& name,
                                     double mase_scale = 0);

// The largest seasonal period detected on the training rows (detectSeasonalPeriods in
// core/train/SeasonalPeriods.h: candidates from the timestamp step, seasonal strength test)
// that is at most min(lookback, max_period); 1 when there is none.
std::int64_t detectPeriod(const ForecastData& data, std::int64_t max_period = 400);

class LinearBaseline {
 public:
  // Least squares with a small ridge term, over every training window of every channel.
  void fit(const ForecastData& data, double ridge = 1e-3);
  void predict(const float* history, float* out) const;
  std::int64_t lookback() const { return lookback_; }
  std::int64_t horizon() const { return horizon_; }

 private:
  std::int64_t lookback_ = 0, horizon_ = 0;
  std::vector<double> weights_;  // [horizon][lookback + 1], bias last
};

// Naive, seasonal naive and linear, scored on `range` (the test range by default).
// mase_scale: see ForecastMetricsAccumulator::result (0 = no MASE).
std::vector<BaselineResult> runBaselines(const ForecastData& data, std::int64_t period = 0);
// Then RLinear and, given cycle_step_seconds (the rows' step, passed only where the model's
// daily cycle would apply: dailyCycleApplies(series); 0 = left out), "daily cycle + linear"
// (RidgeBaselines.h), both fitted on the training windows with λ chosen on the validation ones.
std::vector<BaselineResult> runBaselines(const ForecastData& data, const RowRange& range,
                                         std::int64_t period = 0, double mase_scale = 0,
                                         std::int64_t cycle_step_seconds = 0);

}  // namespace aaren::train
