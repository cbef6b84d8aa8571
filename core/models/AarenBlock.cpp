#include "core/models/AarenBlock.h"

#include "core/models/Dropout.h"

namespace aaren {

AarenBlockImpl::AarenBlockImpl(std::int64_t d_model, std::int64_t heads, std::int64_t d_ff,
                               double p, std::int64_t chunk) {
  attention = register_module("attention", AarenAttention(d_model, heads, chunk));
  norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d_model})));
  norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d_model})));
  ff1 = register_module("ff1", torch::nn::Linear(d_model, d_ff));
  ff2 = register_module("ff2", torch::nn::Linear(d_ff, d_model));
  dropout = register_module("dropout", torch::nn::Dropout(p));
}

// Dropout is the identity in eval mode: applyDropout dispatches nothing there.
torch::Tensor AarenBlockImpl::drop(const torch::Tensor& x) {
  return applyDropout(dropout, x);
}

torch::Tensor AarenBlockImpl::feedForward(const torch::Tensor& x) {
  return ff2->forward(drop(torch::gelu(ff1->forward(x))));
}

torch::Tensor AarenBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
  auto h = x + drop(attention->forward(norm1->forward(x), mask));
  return h + drop(feedForward(norm2->forward(h)));
}

torch::Tensor AarenBlockImpl::forwardSequential(const torch::Tensor& x, const torch::Tensor& mask) {
  auto h = x + drop(attention->forwardSequential(norm1->forward(x), mask));
  return h + drop(feedForward(norm2->forward(h)));
}

torch::Tensor AarenBlockImpl::step(const torch::Tensor& x_t, AarenAttentionState& state) {
  auto h = x_t + drop(attention->step(norm1->forward(x_t), state));
  return h + drop(feedForward(norm2->forward(h)));
}

}  // namespace aaren
