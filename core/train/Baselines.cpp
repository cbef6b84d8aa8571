#include "core/train/Baselines.h"
#include "core/train/RidgeBaselines.h"
#include "core/train/SeasonalPeriods.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace aaren::train {

BaselineResult scoreChannelForecaster(const ForecastData& data, const RowRange& range,
                                      const ChannelForecaster& forecaster, const std::string& name,
                                      double mase_scale) {
  return scoreWindowForecaster(
      data, range, [&](std::int64_t, std::int64_t, const float* h, float* out) { forecaster(h, out); }, name, mase_scale);
}

BaselineResult scoreWindowForecaster(const ForecastData& data, const RowRange& range,
                                     const WindowForecaster& forecaster, const std::string& name,
                                     double mase_scale) {
  const auto L = data.lookback, H = data.horizon, C = data.channels;
  const auto n = data.windows(range);
  ForecastMetricsAccumulator acc(data.units);
  std::vector<long double> step_se(static_cast<std::size_t>(H), 0);
  std::vector<float> history(static_cast<std::size_t>(L)), out(static_cast<std::size_t>(H));
  for (std::int64_t w = 0; w < n; ++w) {
    const auto s = static_cast<std::int64_t>(range.begin) + w;
    for (std::int64_t c = 0; c < C; ++c) {
      for (std::int64_t t = 0; t < L; ++t) history[static_cast<std::size_t>(t)] = data.row(s + t)[c];
      forecaster(s, c, history.data(), out.data());
      for (std::int64_t k = 0; k < H; ++k) {
        const double actual = data.row(s + L + k)[c];
        const double e = out[static_cast<std::size_t>(k)] - actual;
        acc.add(c, out[static_cast<std::size_t>(k)], actual);
        step_se[static_cast<std::size_t>(k)] += e * e;
      }
    }
  }
  BaselineResult r;
  r.name = name;
  r.metrics = acc.result(mase_scale);
  for (auto se : step_se) r.mse_by_step.push_back(n ? static_cast<double>(se / (n * C)) : 0.0);
  return r;
}

std::int64_t detectPeriod(const ForecastData& data, std::int64_t max_period) {
  const auto limit = std::min(data.lookback, max_period);
  std::int64_t best = 1;
  for (const auto& p : detectSeasonalPeriods(data).periods)
    if (p.period <= limit) best = std::max(best, p.period);
  return best;
}

void LinearBaseline::fit(const ForecastData& data, double ridge) {
  lookback_ = data.lookback;
  horizon_ = data.horizon;
  const auto L = lookback_, H = horizon_, P = L + 1;
  std::vector<double> xtx(static_cast<std::size_t>(P * P), 0.0), xty(static_cast<std::size_t>(P * H), 0.0);
  std::vector<double> x(static_cast<std::size_t>(P));
  const auto n = data.windows(data.train);
  for (std::int64_t w = 0; w < n; ++w)
    for (std::int64_t c = 0; c < data.channels; ++c) {
      const auto s = static_cast<std::int64_t>(data.train.begin) + w;
      for (std::int64_t t = 0; t < L; ++t) x[static_cast<std::size_t>(t)] = data.row(s + t)[c];
      x[static_cast<std::size_t>(L)] = 1.0;
      for (std::int64_t i = 0; i < P; ++i) {
        const double xi = x[static_cast<std::size_t>(i)];
        double* row = xtx.data() + i * P;
        for (std::int64_t j = 0; j <= i; ++j) row[j] += xi * x[static_cast<std::size_t>(j)];
        double* yrow = xty.data() + i * H;
        for (std::int64_t k = 0; k < H; ++k) yrow[k] += xi * data.row(s + L + k)[c];
      }
    }
  const double scale = static_cast<double>(std::max<std::int64_t>(1, n * data.channels));
  for (std::int64_t i = 0; i < P; ++i) {
    for (std::int64_t j = 0; j < i; ++j) xtx[static_cast<std::size_t>(j * P + i)] = xtx[static_cast<std::size_t>(i * P + j)];
    xtx[static_cast<std::size_t>(i * P + i)] += ridge * scale * (i < L ? 1.0 : 0.0);
  }
  // Cholesky factorisation xtx = R^T R (R upper), then two triangular solves per column.
  for (std::int64_t i = 0; i < P; ++i) {
    for (std::int64_t j = i; j < P; ++j) {
      double sum = xtx[static_cast<std::size_t>(i * P + j)];
      for (std::int64_t k = 0; k < i; ++k) sum -= xtx[static_cast<std::size_t>(k * P + i)] * xtx[static_cast<std::size_t>(k * P + j)];
      if (i == j) {
        if (sum <= 0) throw std::runtime_error("linear baseline: cannot solve the least-squares fit (the training windows are collinear or constant)");
        xtx[static_cast<std::size_t>(i * P + i)] = std::sqrt(sum);
      } else {
        xtx[static_cast<std::size_t>(i * P + j)] = sum / xtx[static_cast<std::size_t>(i * P + i)];
      }
    }
  }
  weights_.assign(static_cast<std::size_t>(H * P), 0.0);
  std::vector<double> z(static_cast<std::size_t>(P));
  for (std::int64_t k = 0; k < H; ++k) {
    for (std::int64_t i = 0; i < P; ++i) {  // R^T z = b
      double sum = xty[static_cast<std::size_t>(i * H + k)];
      for (std::int64_t j = 0; j < i; ++j) sum -= xtx[static_cast<std::size_t>(j * P + i)] * z[static_cast<std::size_t>(j)];
      z[static_cast<std::size_t>(i)] = sum / xtx[static_cast<std::size_t>(i * P + i)];
    }
    for (std::int64_t i = P - 1; i >= 0; --i) {  // R w = z
      double sum = z[static_cast<std::size_t>(i)];
      for (std::int64_t j = i + 1; j < P; ++j) sum -= xtx[static_cast<std::size_t>(i * P + j)] * weights_[static_cast<std::size_t>(k * P + j)];
      weights_[static_cast<std::size_t>(k * P + i)] = sum / xtx[static_cast<std::size_t>(i * P + i)];
    }
  }
}

void LinearBaseline::predict(const float* history, float* out) const {
  const auto P = lookback_ + 1;
  for (std::int64_t k = 0; k < horizon_; ++k) {
    const double* w = weights_.data() + k * P;
    double sum = w[lookback_];
    for (std::int64_t t = 0; t < lookback_; ++t) sum += w[t] * history[t];
    out[k] = static_cast<float>(sum);
  }
}

std::vector<BaselineResult> runBaselines(const ForecastData& data, std::int64_t period) {
  return runBaselines(data, data.test, period);
}

std::vector<BaselineResult> runBaselines(const ForecastData& data, const RowRange& range, std::int64_t period, double mase_scale,
                                         std::int64_t cycle_step_seconds) {
  data.check();
  const auto L = data.lookback, H = data.horizon;
  if (period <= 0) period = detectPeriod(data);
  period = std::min(period, L);
  std::vector<BaselineResult> results;
  results.push_back(scoreChannelForecaster(
      data, range, [&](const float* h, float* out) { std::fill(out, out + H, h[L - 1]); }, "naive", mase_scale));
  results.push_back(scoreChannelForecaster(
      data, range,
      [&](const float* h, float* out) {
        for (std::int64_t k = 0; k < H; ++k) out[k] = h[L - period + (k % period)];
      },
      "seasonal naive (" + std::to_string(period) + ")", mase_scale));
  LinearBaseline linear;
  linear.fit(data);
  results.push_back(scoreChannelForecaster(
      data, range, [&](const float* h, float* out) { linear.predict(h, out); }, "linear", mase_scale));
  RLinearBaseline rlinear;
  rlinear.fit(data);
  results.push_back(scoreChannelForecaster(
      data, range, [&](const float* h, float* out) { rlinear.predict(h, out); }, "RLinear", mase_scale));
  if (cycle_step_seconds > 0) {
    DailyCycleLinearBaseline cycle;
    cycle.fit(data, cycle_step_seconds);
    results.push_back(scoreWindowForecaster(
        data, range, [&](std::int64_t s, std::int64_t c, const float* h, float* out) { cycle.predict(s, c, h, out); },
        "daily cycle + linear", mase_scale));
  }
  return results;
}

}  // namespace aaren::train
