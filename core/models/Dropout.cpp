#include "core/models/Dropout.h"

namespace aaren {

torch::Tensor applyDropout(const torch::nn::Dropout& dropout, const torch::Tensor& x) {
  const double p = dropout->options.p();
  if (!dropout->is_training() || p <= 0.0) return x;
  if (p >= 1.0) return torch::zeros_like(x);
  auto keep = torch::empty_like(x).uniform_(0.0, 1.0).ge_(p);  // 1 where kept, 0 where dropped
  return x * keep.mul_(1.0 / (1.0 - p));
}

}  // namespace aaren
