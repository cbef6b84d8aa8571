#include "core/train/RidgeFit.h"

#include "core/models/CalendarFeatures.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace aaren::train::detail {

torch::Tensor rowsOf(const ForecastData& d, std::int64_t begin, std::int64_t n) {
  return torch::from_blob(const_cast<float*>(d.row(begin)), {n, d.channels}, torch::kFloat32).to(torch::kDouble);
}

// The lookback [B, C, L] and target [B, C, H] of B windows from consecutive rows.
std::pair<torch::Tensor, torch::Tensor> windowsOf(const torch::Tensor& values, std::int64_t B, std::int64_t L, std::int64_t H) {
  auto idx = torch::arange(B).unsqueeze(1) + torch::arange(L + H).unsqueeze(0);  // [B, L + H]
  auto w = values.index({idx}).transpose(1, 2);                                  // [B, C, L + H]
  return {w.narrow(2, 0, L), w.narrow(2, L, H)};
}

void forEachBatch(const ForecastData& d, const RowRange& range, std::int64_t P,
                  const std::function<void(const torch::Tensor& values, std::int64_t first, std::int64_t B)>& fn) {
  const auto L = d.lookback, H = d.horizon, C = d.channels;
  const auto windows = d.windows(range);
  // About 4 M values a batch (fewer windows when there are many channels).
  const std::int64_t batch = std::clamp<std::int64_t>(4'000'000 / std::max<std::int64_t>(1, C * (L + H + P)), 1, 512);
  for (std::int64_t first = 0; first < windows; first += batch) {
    const auto B = std::min(batch, windows - first);
    const auto start = static_cast<std::int64_t>(range.begin) + first;
    fn(rowsOf(d, start, B + L + H - 1), start, B);
  }
}

Gram accumulate(const ForecastData& d, const RowRange& range, std::int64_t P, const DesignFn& design) {
  Gram g{torch::zeros({P, P}, torch::kDouble), torch::zeros({P, d.horizon}, torch::kDouble), 0.0, 0};
  forEachBatch(d, range, P, [&](const torch::Tensor& values, std::int64_t first, std::int64_t B) {
    auto [X, T] = design(values, first, B);
    g.xtx += X.t().mm(X);
    g.xty += X.t().mm(T);
    g.yy += T.square().sum().item<double>();
    g.n += X.size(0);
  });
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
                              const std::vector<double>& grid, double& lambda) {
  torch::NoGradGuard no_grad;
  const Gram train = accumulate(d, d.train, P, design);
  const bool has_val = d.windows(d.val) > 0;
  const Gram val = has_val ? accumulate(d, d.val, P, design) : Gram{};
  torch::Tensor best;
  double best_sse = std::numeric_limits<double>::infinity();
  for (double l : has_val ? grid : std::vector<double>{grid.front()}) {
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

// The calendar features of every row [rows, kCalendarFeatures], double: from the timestamps
// when the data has them, with the time of day (features 0 and 1: sin and cos of
// 2π × second of day / 86400, all the cycle reads) in double rather than float, so that a
// cycle's phase is exact; else the data's own calendar features.
torch::Tensor calendarOf(const ForecastData& d, const std::string& who) {
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
  throw std::invalid_argument(who + " needs the timestamps of the rows, and the data has none");
}

}  // namespace aaren::train::detail
