#pragma once
// Causal multi-head self-attention and the pre-LayerNorm block of the Transformer
// baseline, with a KV cache for step-by-step inference.
#include <torch/torch.h>

namespace aaren {

// Per-layer K and V of every token seen: [B, H, capacity, D] each, of which the first
// `length` steps are used. Capacity grows by doubling (amortised O(1) appends).
// With window > 0 only the last `window` tokens are kept (a sliding-window cache).
struct KVCache {
  torch::Tensor k, v;
  std::int64_t length = 0;
  std::int64_t window = 0;
  std::int64_t next = 0;  // ring-buffer slot to overwrite once a window is full
  std::int64_t bytes() const;           // 2 · B · length · d_model · sizeof(float)
  std::int64_t allocatedBytes() const;  // 2 · B · capacity · d_model · sizeof(float)
};

struct CausalSelfAttentionImpl : torch::nn::Module {
  CausalSelfAttentionImpl(std::int64_t d_model, std::int64_t heads);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask = {});
  torch::Tensor step(const torch::Tensor& x_t, KVCache& cache);

  std::int64_t d_model, heads, d_head;
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr}, out{nullptr};
};
TORCH_MODULE(CausalSelfAttention);

struct TransformerBlockImpl : torch::nn::Module {
  TransformerBlockImpl(std::int64_t d_model, std::int64_t heads, std::int64_t d_ff,
                       double dropout);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask = {});
  torch::Tensor step(const torch::Tensor& x_t, KVCache& cache);

  CausalSelfAttention attention{nullptr};
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  torch::nn::Linear ff1{nullptr}, ff2{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(TransformerBlock);

}  // namespace aaren
