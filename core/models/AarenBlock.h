#pragma once
// An Aaren block: a pre-LayerNorm Transformer encoder block whose self-attention is
// Aaren attention. x + Attn(LN(x)), then + FF(LN(x)).
#include "core/models/AarenAttention.h"

namespace aaren {

struct AarenBlockImpl : torch::nn::Module {
  AarenBlockImpl(std::int64_t d_model, std::int64_t heads, std::int64_t d_ff, double dropout,
                 std::int64_t chunk);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask = {});
  torch::Tensor forwardSequential(const torch::Tensor& x, const torch::Tensor& mask = {});
  torch::Tensor step(const torch::Tensor& x_t, AarenAttentionState& state);

  AarenAttention attention{nullptr};
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  torch::nn::Linear ff1{nullptr}, ff2{nullptr};
  torch::nn::Dropout dropout{nullptr};

 private:
  torch::Tensor feedForward(const torch::Tensor& x);
  torch::Tensor drop(const torch::Tensor& x);
};
TORCH_MODULE(AarenBlock);

}  // namespace aaren
