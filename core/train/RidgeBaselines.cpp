#include "core/train/RidgeBaselines.h"

#include "core/models/CalendarFeatures.h"
#include "core/models/DailyCycle.h"
#include "core/train/Experiment.h"
#include "core/train/LinearFit.h"
#include "core/train/RidgeFit.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace aaren::train {
namespace {

constexpr double kRevinEps = kSkipSpreadEpsilon;  // inside the square root, as RevIN and the model's skip
constexpr double kNoValRidge = 1e-3;  // λ when there is no validation window: the linear baseline's
using detail::calendarOf;
using detail::kCycleRidge;
using detail::Design;
using detail::fitOnValidation;
using detail::rowsOf;
using detail::windowsOf;

// The λ grid, or the fixed λ when there is no validation window.
std::vector<double> gridFor(const ForecastData& d) {
  return d.windows(d.val) > 0 ? ridgeGrid() : std::vector<double>{kNoValRidge};
}

// β [P, H] → weights [H][P].
std::vector<double> weightsOf(const torch::Tensor& beta) {
  auto t = beta.t().contiguous();
  return {t.data_ptr<double>(), t.data_ptr<double>() + t.numel()};
}

}  // namespace

const std::vector<double>& ridgeGrid() {
  static const std::vector<double> grid{1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0};
  return grid;
}

// ---------------------------------------------------------------------------- RLinear

void RLinearBaseline::fit(const ForecastData& d) {
  d.check();
  lookback_ = d.lookback;
  horizon_ = d.horizon;
  const auto L = lookback_, H = horizon_, C = d.channels;
  auto design = [&](const torch::Tensor& values, std::int64_t, std::int64_t B) {
    auto [x, y] = windowsOf(values, B, L, H);  // [B, C, L], [B, C, H]
    auto mu = x.mean(-1, true);
    auto sd = (x.var(-1, false, true) + kRevinEps).sqrt();
    auto X = torch::cat({x - mu, sd}, -1).reshape({B * C, L + 1});
    auto T = (y - mu).reshape({B * C, H});
    return Design{X, T};
  };
  weights_ = weightsOf(fitOnValidation(d, L + 1, design, "RLinear", gridFor(d), ridge_));
}

void RLinearBaseline::predict(const float* history, float* out) const {
  const auto L = lookback_, P = L + 1;
  double mu = 0;
  for (std::int64_t t = 0; t < L; ++t) mu += history[t];
  mu /= static_cast<double>(L);
  double var = 0;
  for (std::int64_t t = 0; t < L; ++t) var += (history[t] - mu) * (history[t] - mu);
  const double sd = std::sqrt(var / static_cast<double>(L) + kRevinEps);
  for (std::int64_t k = 0; k < horizon_; ++k) {
    const double* w = weights_.data() + k * P;
    double sum = w[L] * sd + mu;
    for (std::int64_t t = 0; t < L; ++t) sum += w[t] * (history[t] - mu);
    out[k] = static_cast<float>(sum);
  }
}

// ---------------------------------------------------------------------------- daily cycle + linear

struct DailyCycleLinearBaseline::State {
  std::int64_t rows = 0, channels = 0, lookback = 0, horizon = 0;
  double ridge = 0;
  DailyCycle cycle{nullptr};
  torch::Tensor calendar;         // [rows, kCalendarFeatures], double
  std::vector<double> at;         // [rows, C]: the cycle at every row
  std::vector<double> weights;    // [horizon][lookback + 1], bias last
  // The cycle ahead of a run of rows, computed a chunk at a time as windows are scored in order.
  mutable std::int64_t ahead_first = 0, ahead_count = 0;
  mutable std::vector<double> ahead;  // [ahead_count, H, C]

  torch::Tensor aheadOf(std::int64_t first, std::int64_t n) const {  // [n, H, C] after rows first…
    return cycle->ahead(calendar.narrow(0, first, n), horizon);
  }
  const double* aheadAt(std::int64_t row) const {
    if (row < ahead_first || row >= ahead_first + ahead_count) {
      const std::int64_t chunk = std::clamp<std::int64_t>(2'000'000 / std::max<std::int64_t>(1, horizon * channels), 1, 1024);
      ahead_first = row;
      ahead_count = std::min(chunk, rows - row);
      auto t = aheadOf(ahead_first, ahead_count).contiguous();
      ahead.assign(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
    }
    return ahead.data() + (row - ahead_first) * horizon * channels;
  }
};

DailyCycleLinearBaseline::DailyCycleLinearBaseline() = default;
DailyCycleLinearBaseline::~DailyCycleLinearBaseline() = default;
DailyCycleLinearBaseline::DailyCycleLinearBaseline(DailyCycleLinearBaseline&&) noexcept = default;
DailyCycleLinearBaseline& DailyCycleLinearBaseline::operator=(DailyCycleLinearBaseline&&) noexcept = default;

double DailyCycleLinearBaseline::ridge() const { return s_ ? s_->ridge : 0.0; }
std::int64_t DailyCycleLinearBaseline::harmonics() const { return s_ ? s_->cycle->harmonics : 0; }

void DailyCycleLinearBaseline::fit(const ForecastData& d, std::int64_t step_seconds) {
  d.check();
  const auto K = dailyCycleHarmonics(12, step_seconds);
  if (step_seconds <= 0 || step_seconds >= 86400 || 86400 % step_seconds != 0 || K < 1)
    throw std::invalid_argument("the daily cycle + linear baseline needs a step that divides a day into at least 2 samples, not " +
                                std::to_string(step_seconds) + " s");
  torch::NoGradGuard no_grad;
  auto s = std::make_unique<State>();
  s->rows = d.rows;
  s->channels = d.channels;
  s->lookback = d.lookback;
  s->horizon = d.horizon;
  s->calendar = calendarOf(d, "the daily cycle + linear baseline");
  s->cycle = DailyCycle(d.channels, K, step_seconds);
  s->cycle->to(torch::kDouble);
  const auto train_begin = static_cast<std::int64_t>(d.train.begin), train_rows = static_cast<std::int64_t>(d.train.size());
  s->cycle->coef.copy_(detail::dailyCycleCoefficients(*s->cycle, rowsOf(d, train_begin, train_rows),
                                              s->calendar.narrow(0, train_begin, train_rows), kCycleRidge));
  auto at = s->cycle->at(s->calendar).contiguous();  // [rows, C]
  s->at.assign(at.data_ptr<double>(), at.data_ptr<double>() + at.numel());

  const auto L = d.lookback, H = d.horizon, C = d.channels;
  const State& st = *s;
  auto design = [&](const torch::Tensor& values, std::int64_t first, std::int64_t B) {
    auto rest = values - at.narrow(0, first, values.size(0));         // less the cycle
    auto x = windowsOf(rest, B, L, H).first;                          // [B, C, L]
    auto y = windowsOf(values, B, L, H).second;                       // [B, C, H]
    auto ahead = st.aheadOf(first + L - 1, B).transpose(1, 2);        // [B, C, H]
    auto X = torch::cat({x, torch::ones({B, C, 1}, torch::kDouble)}, -1).reshape({B * C, L + 1});
    auto T = (y - ahead).reshape({B * C, H});
    return Design{X, T};
  };
  s->weights = weightsOf(fitOnValidation(d, L + 1, design, "daily cycle + linear", gridFor(d), s->ridge));
  s_ = std::move(s);
}

void DailyCycleLinearBaseline::predict(std::int64_t start, std::int64_t channel, const float* history, float* out) const {
  const auto& s = *s_;
  const auto L = s.lookback, P = L + 1, C = s.channels;
  const double* ahead = s.aheadAt(start + L - 1);
  for (std::int64_t k = 0; k < s.horizon; ++k) {
    const double* w = s.weights.data() + k * P;
    double sum = w[L] + ahead[k * C + channel];
    for (std::int64_t t = 0; t < L; ++t) sum += w[t] * (history[t] - s.at[static_cast<std::size_t>((start + t) * C + channel)]);
    out[k] = static_cast<float>(sum);
  }
}

}  // namespace aaren::train
