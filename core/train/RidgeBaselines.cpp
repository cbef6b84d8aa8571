#include "core/train/RidgeBaselines.h"

#include "core/models/CalendarFeatures.h"
#include "core/models/DailyCycle.h"
#include "core/train/Experiment.h"
#include "core/train/LinearFit.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace aaren::train {
namespace {

constexpr double kRevinEps = 1e-5;   // inside the square root, as RevIN
constexpr double kNoValRidge = 1e-3;  // λ when there is no validation window: the linear baseline's
// The cycle is the study's plain least squares; this ridge only lets the harmonics a step cannot
// resolve solve (sin 12φ is 0 on an hourly grid). fitLinearParts' 1e-6 would shrink every
// harmonic by 2e-6.
constexpr double kCycleRidge = 1e-9;

// One batch of windows as a regression: features X [B·C, P] and the target less what the
// forecast adds back T [B·C, H], both double; row b·C + c is window b, channel c.
struct Design {
  torch::Tensor X, T;
};
// values [B + L + H − 1, C] of consecutive rows starting at row `first` → the design of the B
// windows starting there.
using DesignFn = std::function<Design(const torch::Tensor& values, std::int64_t first, std::int64_t B)>;

struct Gram {
  torch::Tensor xtx, xty;  // [P, P], [P, H]
  double yy = 0;           // Σ T²
  std::int64_t n = 0;      // rows (windows × channels)
};

torch::Tensor rowsOf(const ForecastData& d, std::int64_t begin, std::int64_t n) {
  return torch::from_blob(const_cast<float*>(d.row(begin)), {n, d.channels}, torch::kFloat32).to(torch::kDouble);
}

// The lookback [B, C, L] and target [B, C, H] of B windows from consecutive rows.
std::pair<torch::Tensor, torch::Tensor> windowsOf(const torch::Tensor& values, std::int64_t B, std::int64_t L, std::int64_t H) {
  auto idx = torch::arange(B).unsqueeze(1) + torch::arange(L + H).unsqueeze(0);  // [B, L + H]
  auto w = values.index({idx}).transpose(1, 2);                                  // [B, C, L + H]
  return {w.narrow(2, 0, L), w.narrow(2, L, H)};
}

Gram accumulate(const ForecastData& d, const RowRange& range, std::int64_t P, const DesignFn& design) {
  const auto L = d.lookback, H = d.horizon, C = d.channels;
  Gram g{torch::zeros({P, P}, torch::kDouble), torch::zeros({P, H}, torch::kDouble), 0.0, 0};
  const auto windows = d.windows(range);
  // About 4 M values a batch (fewer windows when there are many channels).
  const std::int64_t batch = std::clamp<std::int64_t>(4'000'000 / std::max<std::int64_t>(1, C * (L + H + P)), 1, 512);
  for (std::int64_t first = 0; first < windows; first += batch) {
    const auto B = std::min(batch, windows - first);
    const auto start = static_cast<std::int64_t>(range.begin) + first;
    auto [X, T] = design(rowsOf(d, start, B + L + H - 1), start, B);
    g.xtx += X.t().mm(X);
    g.xty += X.t().mm(T);
    g.yy += T.square().sum().item<double>();
    g.n += B * C;
  }
  return g;
}

// β [P, H] for λ, penalising the first P − 1 rows by λ·n; undefined when not positive definite.
torch::Tensor solveRidge(const Gram& g, double lambda) {
  const auto P = g.xtx.size(0);
  auto diag = torch::zeros({P}, torch::kDouble);
  diag.narrow(0, 0, P - 1).fill_(lambda * static_cast<double>(g.n));
  auto [factor, info] = torch::linalg_cholesky_ex(g.xtx + torch::diag(diag));
  if (info.item<int>() != 0) return {};
  auto beta = torch::cholesky_solve(g.xty, factor);
  return torch::isfinite(beta).all().item<bool>() ? beta : torch::Tensor{};
}

// Σ (Xβ − T)² over the rows of `g`, from its Gram matrices.
double sumSquaredError(const Gram& g, const torch::Tensor& beta) {
  return (beta * g.xtx.mm(beta)).sum().item<double>() - 2 * (beta * g.xty).sum().item<double>() + g.yy;
}

// The fit of the training windows with λ of the grid chosen on the validation windows.
// Returns β [P, H] and sets `lambda`.
torch::Tensor fitOnValidation(const ForecastData& d, std::int64_t P, const DesignFn& design, const std::string& name,
                              double& lambda) {
  torch::NoGradGuard no_grad;
  const Gram train = accumulate(d, d.train, P, design);
  const bool has_val = d.windows(d.val) > 0;
  const Gram val = has_val ? accumulate(d, d.val, P, design) : Gram{};
  torch::Tensor best;
  double best_sse = std::numeric_limits<double>::infinity();
  for (double l : has_val ? ridgeGrid() : std::vector<double>{kNoValRidge}) {
    auto beta = solveRidge(train, l);
    if (!beta.defined()) continue;
    const double sse = has_val ? sumSquaredError(val, beta) : 0.0;
    if (!best.defined() || sse < best_sse) {
      best = beta;
      best_sse = sse;
      lambda = l;
    }
  }
  if (!best.defined())
    throw std::runtime_error(name + " baseline: cannot solve the least-squares fit (the training windows are collinear or constant)");
  return best;
}

// β [P, H] → weights [H][P].
std::vector<double> weightsOf(const torch::Tensor& beta) {
  auto t = beta.t().contiguous();
  return {t.data_ptr<double>(), t.data_ptr<double>() + t.numel()};
}

// The calendar features of every row [rows, kCalendarFeatures], double: from the timestamps
// when the data has them, with the time of day (features 0 and 1: sin and cos of
// 2π × second of day / 86400, all the cycle reads) in double rather than float, so that a
// cycle's phase is exact; else the data's own calendar features.
torch::Tensor calendarOf(const ForecastData& d) {
  if (static_cast<std::int64_t>(d.timestamps.size()) == d.rows) {
    auto cal = torch::empty({d.rows, kCalendarFeatures}, torch::kDouble);
    double* p = cal.data_ptr<double>();
    for (std::int64_t r = 0; r < d.rows; ++r) {
      const auto t = d.timestamps[static_cast<std::size_t>(r)];
      const auto f = calendarFeatures(t);
      std::copy(f.begin(), f.end(), p + r * kCalendarFeatures);
      const double phase = 2.0 * std::numbers::pi * static_cast<double>(((t % 86400) + 86400) % 86400) / 86400.0;
      p[r * kCalendarFeatures] = std::sin(phase);
      p[r * kCalendarFeatures + 1] = std::cos(phase);
    }
    return cal;
  }
  if (d.hasCalendar())
    return torch::from_blob(const_cast<float*>(d.calendar.data()), {d.rows, kCalendarFeatures}, torch::kFloat32).to(torch::kDouble);
  throw std::invalid_argument("the daily cycle + linear baseline needs the timestamps of the rows, and the data has none");
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
  weights_ = weightsOf(fitOnValidation(d, L + 1, design, "RLinear", ridge_));
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
  s->calendar = calendarOf(d);
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
  s->weights = weightsOf(fitOnValidation(d, L + 1, design, "daily cycle + linear", s->ridge));
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
