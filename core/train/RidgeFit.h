#pragma once
// Closed-form ridge fits over forecast windows, shared by the least-squares baselines
// (RidgeBaselines) and the default forecaster's choice of linear part (LinearCandidates).
// Internal to core/train: Torch types, double precision.
//
// A design turns B consecutive windows into a regression: features X [B·C, P] and the
// target less what the forecast adds back T [B·C, H]; row b·C + c is window b, channel c.
// Ridge: λ·N (N = windows × channels) on the diagonal of the first P − 1 rows (the
// weights), never on the last (the bias, or RLinear's spread).
#include "core/train/ForecastData.h"

#include <torch/torch.h>

#include <functional>
#include <string>

namespace aaren::train::detail {

// The daily cycle's fit is plain least squares; this ridge only lets harmonics a step cannot
// resolve (sin 12φ is 0 on an hourly grid) solve.
inline constexpr double kCycleRidge = 1e-9;

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

// Rows [begin, begin + n) of the scaled values as [n, C] double.
torch::Tensor rowsOf(const ForecastData& d, std::int64_t begin, std::int64_t n);
// The lookback [B, C, L] and target [B, C, H] of B windows from consecutive rows.
std::pair<torch::Tensor, torch::Tensor> windowsOf(const torch::Tensor& values, std::int64_t B, std::int64_t L, std::int64_t H);
// Calls fn(values, first, B) for the windows of `range` in order, about 4 M values a batch.
void forEachBatch(const ForecastData& d, const RowRange& range, std::int64_t P,
                  const std::function<void(const torch::Tensor& values, std::int64_t first, std::int64_t B)>& fn);
Gram accumulate(const ForecastData& d, const RowRange& range, std::int64_t P, const DesignFn& design);
// β [P, H] for λ; undefined when not positive definite or not finite.
torch::Tensor solveRidge(const Gram& g, double lambda);
// Σ (Xβ − T)² over the rows of `g`, from its Gram matrices.
double sumSquaredError(const Gram& g, const torch::Tensor& beta);
// The fit of the training windows with λ of `grid` chosen as the lowest validation SSE (the
// first of the grid when there is no validation window). Sets `lambda`; throws
// std::runtime_error naming `name` when no λ gives a solvable fit.
torch::Tensor fitOnValidation(const ForecastData& d, std::int64_t P, const DesignFn& design, const std::string& name,
                              const std::vector<double>& grid, double& lambda);
// The calendar features of every row [rows, kCalendarFeatures], double, with the time of day
// exact from the timestamps when the data has them. Throws std::invalid_argument naming
// `who` when the data has no time axis.
torch::Tensor calendarOf(const ForecastData& d, const std::string& who);

}  // namespace aaren::train::detail
