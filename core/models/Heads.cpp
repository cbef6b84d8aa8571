#include "core/models/Heads.h"

#include "core/models/Dropout.h"

namespace aaren {

ForecastHeadImpl::ForecastHeadImpl(std::int64_t d_model, std::int64_t horizon_, std::int64_t channels_)
    : horizon(horizon_), channels(channels_) {
  proj = register_module("proj", torch::nn::Linear(d_model, horizon * channels));
}

torch::Tensor ForecastHeadImpl::forward(const torch::Tensor& hidden) {
  auto sizes = hidden.sizes().vec();
  sizes.back() = horizon;
  sizes.push_back(channels);
  return proj->forward(hidden).reshape(sizes);
}

ClassifierHeadImpl::ClassifierHeadImpl(std::int64_t d_model, std::int64_t classes, double p) {
  dropout = register_module("dropout", torch::nn::Dropout(p));
  proj = register_module("proj", torch::nn::Linear(d_model, classes));
}

torch::Tensor ClassifierHeadImpl::forward(const torch::Tensor& pooled) {
  return proj->forward(applyDropout(dropout, pooled));
}

torch::Tensor poolLast(const torch::Tensor& hidden, const torch::Tensor& mask) {
  if (!mask.defined()) return hidden.select(1, hidden.size(1) - 1);
  auto last = (mask.to(torch::kLong).sum(1) - 1).clamp_min(0);  // [B]
  auto index = last.view({-1, 1, 1}).expand({hidden.size(0), 1, hidden.size(2)});
  return hidden.gather(1, index).squeeze(1);
}

torch::Tensor poolMean(const torch::Tensor& hidden, const torch::Tensor& mask) {
  if (!mask.defined()) return hidden.mean(1);
  auto weights = mask.to(hidden.dtype()).unsqueeze(-1);  // [B, T, 1]
  return (hidden * weights).sum(1) / weights.sum(1).clamp_min(1.0);
}

}  // namespace aaren
