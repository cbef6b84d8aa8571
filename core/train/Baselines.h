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
std::vector<BaselineResult> runBaselines(const ForecastData& data, const RowRange& range,
                                         std::int64_t period = 0, double mase_scale = 0);

}  // namespace aaren::train
