#include "core/train/LinearFit.h"

#include "core/models/CalendarFeatures.h"
#include "core/models/Embedding.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace aaren::train::detail {
namespace {

// Rows [begin, begin + n) of the values [n, C] and the calendar [n, 8] (undefined without).
std::pair<torch::Tensor, torch::Tensor> rowsOf(const ForecastData& d, std::int64_t begin, std::int64_t n) {
  auto x = torch::from_blob(const_cast<float*>(d.row(begin)), {n, d.channels}, torch::kFloat32).clone();
  torch::Tensor cal;
  if (d.hasCalendar())
    cal = torch::from_blob(const_cast<float*>(d.calendar.data() + begin * kCalendarFeatures), {n, kCalendarFeatures},
                           torch::kFloat32)
              .clone();
  return {x, cal};
}

// Solves (A + ridge·n·I on the first `penalised` rows) β = b in double, A symmetric.
torch::Tensor ridgeSolve(torch::Tensor A, const torch::Tensor& b, double ridge, std::int64_t n, std::int64_t penalised) {
  auto diag = torch::zeros({A.size(0)}, torch::kDouble);
  diag.narrow(0, 0, penalised).fill_(ridge * static_cast<double>(n));
  A = A + torch::diag(diag);
  auto L = torch::linalg_cholesky(A);
  return torch::cholesky_solve(b, L);
}

void fitCycle(ModelImpl& model, const ForecastData& d, double ridge) {
  auto& cycle = *model.cycle;
  const auto begin = static_cast<std::int64_t>(d.train.begin), n = static_cast<std::int64_t>(d.train.size());
  auto [x, cal] = rowsOf(d, begin, n);
  if (!cal.defined()) throw std::invalid_argument("the model's daily cycle needs timestamps, and the data has none");
  cycle.coef.copy_(dailyCycleCoefficients(cycle, x, cal, ridge).to(cycle.coef.dtype()));
}

void fitSkip(ModelImpl& model, const ForecastData& d, double ridge) {
  const auto& o = model.options;
  const auto L = d.lookback, H = d.horizon, C = d.channels, W = o.input_window;
  const auto windows = d.windows(d.train);
  if (windows < 1) throw std::invalid_argument("the training part is too short to fit the linear skip");
  const auto P = W + 1;
  auto xtx = torch::zeros({P, P}, torch::kDouble), xty = torch::zeros({P, H}, torch::kDouble);
  // Up to 256 windows a batch, fewer when channels × (window + horizon + lookback) is
  // large (321 channels, horizon 720: a few windows), so a batch stays near 4 M values.
  const std::int64_t batch = std::clamp<std::int64_t>(4'000'000 / std::max<std::int64_t>(1, C * (W + H + L)), 1, 256);
  for (std::int64_t first = 0; first < windows; first += batch) {
    const auto B = std::min(batch, windows - first);
    // Every window of the batch as one run of rows: window b is rows [b, b + L + H) of it.
    auto [x, cal] = rowsOf(d, static_cast<std::int64_t>(d.train.begin) + first, B + L + H - 1);
    torch::Tensor xin = model.cycle ? x - model.cycle->at(cal) : x;  // [rows, C]
    auto idx = torch::arange(B).unsqueeze(1) + torch::arange(L).unsqueeze(0);                     // [B, L]
    auto seq = xin.index({idx});                                                                  // [B, L, C]
    auto win = causalWindows(seq, {}, W).select(1, L - 1);                                        // [B, W, C]
    auto tidx = torch::arange(B).unsqueeze(1) + L + torch::arange(H).unsqueeze(0);               // [B, H]
    auto target = x.index({tidx});                                                               // [B, H, C]
    if (model.cycle) target = target - model.cycle->ahead(cal.index({idx.select(1, L - 1)}), H);  // less the cycle ahead
    if (o.predict_delta) target = target - seq.select(1, L - 1).unsqueeze(1);
    auto X = torch::cat({win.transpose(1, 2).reshape({B * C, W}), torch::ones({B * C, 1})}, 1).to(torch::kDouble);
    auto Y = target.transpose(1, 2).reshape({B * C, H}).to(torch::kDouble);
    xtx += X.t().mm(X);
    xty += X.t().mm(Y);
  }
  auto beta = ridgeSolve(xtx, xty, ridge, windows * C, W);  // [W + 1, H]
  model.skip->weight.copy_(beta.narrow(0, 0, W).t().to(torch::kFloat32));
  model.skip->bias.copy_(beta.select(0, W).to(torch::kFloat32));
}

}  // namespace

torch::Tensor dailyCycleCoefficients(const DailyCycleImpl& cycle, const torch::Tensor& values, const torch::Tensor& calendar,
                                     double ridge) {
  const auto n = values.size(0);
  const auto K2 = 2 * cycle.harmonics;
  auto f = cycle.features(calendar.to(torch::kDouble));                              // [n, 2K]
  auto X = torch::cat({f, torch::ones({n, 1}, torch::kDouble)}, 1);                  // [n, 2K + 1]
  auto beta = ridgeSolve(X.t().mm(X), X.t().mm(values.to(torch::kDouble)), ridge, n, K2);  // [2K + 1, C]
  return beta.narrow(0, 0, K2);
}

void fitLinearParts(ModelImpl& model, const ForecastData& d, double ridge) {
  if (!model.cycle && !model.skip) return;
  torch::NoGradGuard no_grad;
  // The harmonics of whole days are near-orthogonal: a tiny ridge, only so that harmonics a
  // coarse step cannot tell apart (12 and up at an hourly step) still solve.
  if (model.cycle) fitCycle(model, d, 1e-6);
  if (model.skip) {
    fitSkip(model, d, ridge);
    model.forecast_head->proj->weight.zero_();
    model.forecast_head->proj->bias.zero_();
  }
}

}  // namespace aaren::train::detail
