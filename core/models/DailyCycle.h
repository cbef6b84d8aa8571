#pragma once
// A per-channel daily cycle: for channel c at time-of-day phase φ (radians, from the
// calendar features' hour-of-day sin/cos pair),
//     cycle_c(φ) = Σ_{n=1..K} A[c, n] cos(nφ) + B[c, n] sin(nφ),
// zero-mean over a day (the level belongs to the rest of the model). A forecaster
// subtracts it from its inputs and adds it back at the clock time of each forecast step
// (step k is k × step_seconds after the input's time). It needs only the current
// timestamp: nothing is kept between the steps of a stream.
#include <torch/torch.h>

namespace aaren {

struct DailyCycleImpl : torch::nn::Module {
  DailyCycleImpl(std::int64_t channels, std::int64_t harmonics, std::int64_t step_seconds);

  // calendar [..., kCalendarFeatures] -> the cycle at those times [..., channels].
  torch::Tensor at(const torch::Tensor& calendar) const;
  // calendar [..., kCalendarFeatures] -> the cycle at the next `horizon` steps after those
  // times [..., horizon, channels].
  torch::Tensor ahead(const torch::Tensor& calendar, std::int64_t horizon) const;

  // [..., 2K]: cos(nφ) for n = 1..K, then sin(nφ), φ read from the calendar features.
  torch::Tensor features(const torch::Tensor& calendar) const;

  std::int64_t channels, harmonics, step_seconds;
  torch::Tensor coef;  // [2K, channels]: A (cos) rows first, then B (sin)
};
TORCH_MODULE(DailyCycle);

}  // namespace aaren
