#include "core/train/LinearFit.h"

#include "core/models/CalendarFeatures.h"
#include "core/models/Embedding.h"
#include "core/train/LinearCandidates.h"

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
  if (!model.skip) {
    fitCycle(model, d, 1e-6);
    return;
  }
  const auto& o = model.options;
  if (model.cycle && !d.hasCalendar()) throw std::invalid_argument("the model's daily cycle needs timestamps, and the data has none");
  LinearChoiceOptions lo;
  lo.window = o.input_window;
  lo.step_seconds = o.step_seconds;
  lo.harmonics = o.daily_cycle;
  applyLinearChoice(model, fitLinearPart(d, lo, o.daily_cycle > 0, o.skip_level, ridge));
}

void applyLinearChoice(ModelImpl& model, const LinearChoice& choice) {
  const auto& o = model.options;
  const auto W = o.input_window, H = o.horizon;
  if (!model.skip || choice.window != W || choice.horizon != H || choice.channels != o.channels ||
      choice.harmonics != o.daily_cycle || o.skip_level != choice.pick().level)
    throw std::invalid_argument("applyLinearChoice: the model's options do not match the chosen linear part (" +
                                choice.pick().name + ")");
  torch::NoGradGuard no_grad;
  if (model.cycle) {
    auto coef = torch::tensor(choice.cycle_coef, torch::kDouble).reshape({2 * choice.harmonics, o.channels});
    model.cycle->coef.copy_(coef.to(model.cycle->coef.dtype()));
  }
  auto w = torch::tensor(choice.weights, torch::kDouble).reshape({H, W});
  // The choice's weights assume the model adds the last input back.
  if (!o.predict_delta) w.select(1, W - 1) += 1.0;
  model.skip->weight.copy_(w.to(torch::kFloat32));
  model.skip->bias.copy_(torch::tensor(choice.bias, torch::kDouble).to(torch::kFloat32));
  model.forecast_head->proj->weight.zero_();
  model.forecast_head->proj->bias.zero_();
}

}  // namespace aaren::train::detail
