#pragma once
// The Transformer baseline: the same embedding, widths and heads as Aaren, causal
// self-attention. Streaming keeps a KV cache: its memory grows linearly with the
// tokens seen and each step costs O(tokens).
#include "core/models/Embedding.h"
#include "core/models/Encoder.h"
#include "core/models/ModelOptions.h"
#include "core/models/TransformerBlock.h"

#include <vector>

namespace aaren {

class TransformerState : public EncoderState {
 public:
  std::vector<KVCache> layers;
  std::int64_t bytes() const override;
  std::int64_t allocatedBytes() const override;
};

struct TransformerEncoderImpl : EncoderImpl {
  // cache_window > 0 caps each layer's KV cache to the last cache_window tokens.
  explicit TransformerEncoderImpl(const ModelOptions& options, std::int64_t cache_window = 0);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask = {},
                        const torch::Tensor& calendar = {}, std::int64_t start = 0) override;
  torch::Tensor windowScale(const torch::Tensor& x, const torch::Tensor& history = {}) const override {
    return embedding->windowScale(x, history);
  }
  std::unique_ptr<EncoderState> initialState(std::int64_t batch) const override;
  torch::Tensor step(const torch::Tensor& x_t, EncoderState& state,
                     const torch::Tensor& calendar_t = {}) override;

  ModelOptions options;
  std::int64_t cache_window;
  Embedding embedding{nullptr};
  std::vector<TransformerBlock> blocks;
  torch::nn::LayerNorm final_norm{nullptr};  // null without options.final_norm
};

}  // namespace aaren
