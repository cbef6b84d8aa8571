#pragma once
// The two least-squares baselines of docs/notes/forecast-defaults-study.md beside naive,
// seasonal naive and linear: "RLinear" (a linear map on each window less its own mean, the
// bias scaled by the window's spread) and "daily cycle + linear" (a per-channel Fourier
// daily cycle taken out of the inputs, a linear map on what is left, the cycle put back at
// each forecast step's time). Both share one map over the channels, fitted in closed form
// on every training window of every channel, on the scaled values the metrics use.
//
// Ridge: λ·N (N = windows × channels) on the diagonal of the L weights, never on the bias
// row, and λ chosen as the lowest validation MSE among {1e-6, 1e-5, …, 1, 10} (the study's
// grid); with no validation window λ = 1e-3. (The plain "linear" baseline keeps a fixed
// ridge of 1e-3: LinearBaseline::fit's default, not chosen on validation.) No Torch here.
#include "core/train/ForecastData.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace aaren::train {

// The study's λ grid, smallest first.
const std::vector<double>& ridgeGrid();

// ŷ = W(x − μ) + σ·b + μ, with μ the lookback's mean and σ = √(population variance + 1e-5).
// Least squares on the forecast itself (the de-normalised MSE), as RLinear and RevIN train.
class RLinearBaseline {
 public:
  // Throws std::runtime_error when no λ of the grid gives a solvable fit.
  void fit(const ForecastData& data);
  void predict(const float* history, float* out) const;
  double ridge() const { return ridge_; }

 private:
  std::int64_t lookback_ = 0, horizon_ = 0;
  double ridge_ = 0;
  std::vector<double> weights_;  // [horizon][lookback + 1], the σ coefficient last
};

// cycle_c(t) = Σ_{n=1..K} A cos(nφ) + B sin(nφ), φ the time of day (as the model's
// DailyCycle, K = dailyCycleHarmonics(12, step)), least squares with a level on the training
// rows, the level dropped. ŷ = W(x − cycle at the inputs) + b + the cycle at the time of
// each forecast step (k steps after the last input).
class DailyCycleLinearBaseline {
 public:
  DailyCycleLinearBaseline();
  ~DailyCycleLinearBaseline();
  DailyCycleLinearBaseline(DailyCycleLinearBaseline&&) noexcept;
  DailyCycleLinearBaseline& operator=(DailyCycleLinearBaseline&&) noexcept;

  // step_seconds: the rows' step, which divides a day (at least 2 samples a day); the data
  // needs its timestamps. Throws std::invalid_argument otherwise.
  void fit(const ForecastData& data, std::int64_t step_seconds);
  // The window whose lookback starts at row `start` of the fitted data, channel `channel`.
  void predict(std::int64_t start, std::int64_t channel, const float* history, float* out) const;
  double ridge() const;
  std::int64_t harmonics() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace aaren::train
