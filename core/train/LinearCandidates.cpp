#include "core/train/LinearCandidates.h"

#include "core/models/DailyCycle.h"
#include "core/models/Model.h"
#include "core/train/Baselines.h"
#include "core/train/Experiment.h"
#include "core/train/LinearFit.h"
#include "core/train/RidgeBaselines.h"
#include "core/train/RidgeFit.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace aaren::train {
namespace {

using detail::Design;
using detail::DesignFn;

using detail::kCycleRidge;

// What every candidate of one series shares: the window, and the daily cycle at every row.
struct Context {
  const ForecastData& d;
  std::int64_t L = 0, H = 0, C = 0, W = 0;
  DailyCycle cycle{nullptr};  // double; null without a usable step
  torch::Tensor calendar;     // [rows, 8] double, with a cycle
  torch::Tensor at;           // [rows, C]: the cycle at every row

  Context(const ForecastData& data, std::int64_t window) : d(data) {
    L = d.lookback;
    H = d.horizon;
    C = d.channels;
    W = window > 0 ? std::min(window, L) : L;
  }

  void fitCycle(std::int64_t harmonics, std::int64_t step_seconds) {
    calendar = detail::calendarOf(d, "the daily cycle");
    cycle = DailyCycle(C, harmonics, step_seconds);
    cycle->to(torch::kDouble);
    const auto begin = static_cast<std::int64_t>(d.train.begin), n = static_cast<std::int64_t>(d.train.size());
    cycle->coef.copy_(detail::dailyCycleCoefficients(*cycle, detail::rowsOf(d, begin, n), calendar.narrow(0, begin, n), kCycleRidge));
    at = cycle->at(calendar);
  }

  // The design of a map on the window (less the cycle when `with_cycle`) at `level`.
  DesignFn design(bool with_cycle, SkipLevel level) const {
    return [this, with_cycle, level](const torch::Tensor& values, std::int64_t first, std::int64_t B) {
      const auto rows = values.size(0);
      auto rest = with_cycle ? values - at.narrow(0, first, rows) : values;
      auto x = detail::windowsOf(rest, B, L, H).first.narrow(2, L - W, W);  // [B, C, W]
      auto y = detail::windowsOf(values, B, L, H).second;                   // [B, C, H]
      if (with_cycle) y = y - cycle->ahead(calendar.narrow(0, first + L - 1, B), H).transpose(1, 2);
      torch::Tensor X, T;
      if (level == SkipLevel::Absolute) {
        X = torch::cat({x, torch::ones({B, C, 1}, torch::kDouble)}, -1);
        T = y;
      } else {
        auto mu = x.mean(-1, true);
        auto last = level == SkipLevel::Mean ? torch::ones({B, C, 1}, torch::kDouble)
                                             : (x.var(-1, /*unbiased=*/false, /*keepdim=*/true) + kSkipSpreadEpsilon).sqrt();
        X = torch::cat({x - mu, last}, -1);
        T = y - mu;
      }
      return Design{X.reshape({B * C, W + 1}), T.reshape({B * C, H})};
    };
  }

  // Per validation window: the MSE of Xβ against T over channels and steps.
  std::vector<double> windowMse(const DesignFn& design, const torch::Tensor& beta) const {
    std::vector<double> out;
    out.reserve(static_cast<std::size_t>(d.windows(d.val)));
    detail::forEachBatch(d, d.val, W + 1, [&](const torch::Tensor& values, std::int64_t first, std::int64_t B) {
      auto [X, T] = design(values, first, B);
      auto mse = (X.mm(beta) - T).square().reshape({B, C * H}).mean(1).contiguous();
      out.insert(out.end(), mse.data_ptr<double>(), mse.data_ptr<double>() + B);
    });
    return out;
  }

  // β [W + 1, H] of a forecast that repeats one input per step: naive (period 0) or
  // seasonal naive.
  torch::Tensor repeatBeta(std::int64_t period) const {
    auto beta = torch::zeros({W + 1, H}, torch::kDouble);
    for (std::int64_t k = 0; k < H; ++k) beta[period > 0 ? W - period + (k % period) : W - 1][k] = 1.0;
    return beta;
  }
};

std::string mapName(bool with_cycle, SkipLevel level) {
  const std::string map = level == SkipLevel::Absolute ? "linear" : level == SkipLevel::Mean ? "level-free linear" : "RLinear";
  return with_cycle ? "daily cycle + " + map : map;
}

// The choice of candidates[chosen], fitted as beta [W + 1, H].
LinearChoice choiceOf(const Context& ctx, std::int64_t K, std::vector<LinearCandidate> candidates, std::size_t chosen,
                      const torch::Tensor& fitted) {
  LinearChoice choice;
  choice.candidates = std::move(candidates);
  choice.chosen = chosen;
  choice.window = ctx.W;
  choice.channels = ctx.C;
  choice.horizon = ctx.H;
  if (choice.pick().daily_cycle) {
    choice.harmonics = K;
    auto coef = ctx.cycle->coef.detach().contiguous();
    choice.cycle_coef.assign(coef.data_ptr<double>(), coef.data_ptr<double>() + coef.numel());
  }
  // The model adds the last input back (predict_delta): V − 1·e_Lᵀ.
  auto beta = fitted.clone();
  beta[ctx.W - 1] -= 1.0;
  auto w = beta.narrow(0, 0, ctx.W).t().contiguous();
  auto b = beta[ctx.W].contiguous();
  choice.weights.assign(w.data_ptr<double>(), w.data_ptr<double>() + w.numel());
  choice.bias.assign(b.data_ptr<double>(), b.data_ptr<double>() + b.numel());
  return choice;
}

struct Fitted {
  LinearCandidate candidate;
  torch::Tensor beta;  // [W + 1, H]
  std::vector<double> window_mse;
};

}  // namespace

std::string linearPartName(const ModelOptions& o) {
  if (o.linear_skip) return mapName(o.daily_cycle > 0, o.skip_level);
  return o.daily_cycle > 0 ? "daily cycle" : "";
}

double neweyWestStandardError(const std::vector<double>& d, std::int64_t bandwidth) {
  const auto n = static_cast<std::int64_t>(d.size());
  if (n < 2) return 0.0;
  long double mean = 0;
  for (double v : d) mean += v;
  mean /= static_cast<long double>(n);
  auto gamma = [&](std::int64_t k) {
    long double s = 0;
    for (std::int64_t i = k; i < n; ++i)
      s += (d[static_cast<std::size_t>(i)] - mean) * (d[static_cast<std::size_t>(i - k)] - mean);
    return s / static_cast<long double>(n);
  };
  long double v = gamma(0);
  const auto lags = std::min(bandwidth, n - 1);
  for (std::int64_t k = 1; k <= lags; ++k)
    v += 2.0L * (1.0L - static_cast<long double>(k) / static_cast<long double>(bandwidth + 1)) * gamma(k);
  return std::sqrt(static_cast<double>(std::max<long double>(v, 0)) / static_cast<double>(n));
}

std::size_t oneStandardErrorPick(std::vector<LinearCandidate>& c, const std::vector<std::vector<double>>& window_mse,
                                 std::int64_t bandwidth) {
  if (c.empty() || c.size() != window_mse.size()) throw std::invalid_argument("oneStandardErrorPick: no candidates");
  for (const auto& w : window_mse)
    if (w.size() != window_mse.front().size() || w.empty())
      throw std::invalid_argument("oneStandardErrorPick: the candidates were scored on different validation windows");
  auto mean = [](const std::vector<double>& v) {
    long double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : static_cast<double>(s / static_cast<long double>(v.size()));
  };
  std::size_t best = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    c[i].val_mse = mean(window_mse[i]);
    if (c[i].val_mse < c[best].val_mse) best = i;
  }
  std::size_t pick = best;
  for (std::size_t i = 0; i < c.size(); ++i) {
    std::vector<double> diff(window_mse[i].size());
    for (std::size_t w = 0; w < diff.size(); ++w) diff[w] = window_mse[i][w] - window_mse[best][w];
    c[i].gap_se = neweyWestStandardError(diff, bandwidth);
    c[i].eligible = c[i].val_mse - c[best].val_mse <= c[i].gap_se;
    if (c[i].eligible && (c[i].parameters < c[pick].parameters ||
                          (c[i].parameters == c[pick].parameters && c[i].val_mse < c[pick].val_mse)))
      pick = i;
  }
  return pick;
}

LinearChoice chooseLinearPart(const ForecastData& d, const LinearChoiceOptions& o) {
  d.check();
  if (d.windows(d.train) < 1 || d.windows(d.val) < 1)
    throw std::invalid_argument("choosing the linear part needs a training and a validation window of lookback + horizon = " +
                                std::to_string(d.lookback + d.horizon) + " rows");
  torch::NoGradGuard no_grad;
  Context ctx(d, o.window);
  const auto K = dailyCycleHarmonics(o.harmonics, o.step_seconds);
  if (K > 0) ctx.fitCycle(K, o.step_seconds);

  std::vector<Fitted> fits;
  auto fixed = [&](const std::string& name, LinearKind kind, std::int64_t period) {
    Fitted f;
    f.candidate.name = name;
    f.candidate.kind = kind;
    f.candidate.period = period;
    f.beta = ctx.repeatBeta(period);
    f.window_mse = ctx.windowMse(ctx.design(false, SkipLevel::Absolute), f.beta);
    fits.push_back(std::move(f));
  };
  fixed("naive", LinearKind::Naive, 0);
  // The largest detected period the window holds (a period is never cut to fit).
  const auto period = o.seasonal_period > 0 ? o.seasonal_period : detectPeriod(d, ctx.W);
  if (period > 1 && period <= ctx.W) fixed("seasonal naive (" + std::to_string(period) + ")", LinearKind::SeasonalNaive, period);
  for (bool with_cycle : K > 0 ? std::vector<bool>{false, true} : std::vector<bool>{false})
    for (auto level : o.predict_delta ? std::vector<SkipLevel>{SkipLevel::Absolute, SkipLevel::Mean, SkipLevel::MeanSpread}
                                      : std::vector<SkipLevel>{SkipLevel::Absolute}) {
      Fitted f;
      auto& c = f.candidate;
      c.name = mapName(with_cycle, level);
      c.kind = LinearKind::Map;
      c.daily_cycle = with_cycle;
      c.level = level;
      c.parameters = ctx.H * (ctx.W + 1) + (with_cycle ? 2 * K * ctx.C : 0);
      const auto design = ctx.design(with_cycle, level);
      try {
        f.beta = detail::fitOnValidation(d, ctx.W + 1, design, c.name, ridgeGrid(), c.ridge);
      } catch (const std::runtime_error&) {
        continue;  // collinear (a constant series): the others still stand
      }
      f.window_mse = ctx.windowMse(design, f.beta);
      fits.push_back(std::move(f));
    }

  std::vector<LinearCandidate> candidates;
  std::vector<std::vector<double>> window_mse;
  for (auto& f : fits) {
    candidates.push_back(f.candidate);
    window_mse.push_back(f.window_mse);
  }
  const auto chosen = oneStandardErrorPick(candidates, window_mse, d.horizon);
  auto choice = choiceOf(ctx, K, std::move(candidates), chosen, fits[chosen].beta);
  choice.window_mse = std::move(window_mse[chosen]);
  return choice;
}

LinearChoice fitLinearPart(const ForecastData& d, const LinearChoiceOptions& o, bool daily_cycle, SkipLevel level, double ridge) {
  d.check();
  if (d.windows(d.train) < 1)
    throw std::invalid_argument("the training part is too short to fit the linear skip");
  torch::NoGradGuard no_grad;
  Context ctx(d, o.window);
  const auto K = daily_cycle ? dailyCycleHarmonics(o.harmonics, o.step_seconds) : 0;
  if (daily_cycle && K < 1)
    throw std::invalid_argument("the daily cycle needs a step that divides a day into at least 2 samples, not " +
                                std::to_string(o.step_seconds) + " s");
  if (K > 0) ctx.fitCycle(K, o.step_seconds);
  LinearCandidate c;
  c.name = mapName(K > 0, level);
  c.daily_cycle = K > 0;
  c.level = level;
  c.parameters = ctx.H * (ctx.W + 1) + 2 * K * ctx.C;
  auto beta = detail::fitOnValidation(d, ctx.W + 1, ctx.design(K > 0, level), c.name, {ridge}, c.ridge);
  c.ridge = ridge;
  return choiceOf(ctx, K, {c}, 0, beta);
}

}  // namespace aaren::train
