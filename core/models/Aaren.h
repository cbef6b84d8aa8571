#pragma once
// The Aaren encoder: embedding, a stack of Aaren blocks, a final LayerNorm.
// Streaming state: (m, c, a) per head and layer — constant in the number of steps.
#include "core/models/AarenBlock.h"
#include "core/models/Embedding.h"
#include "core/models/Encoder.h"
#include "core/models/ModelOptions.h"

#include <vector>

namespace aaren {

class AarenState : public EncoderState {
 public:
  std::vector<AarenAttentionState> layers;
  std::int64_t bytes() const override;
};

struct AarenEncoderImpl : EncoderImpl {
  explicit AarenEncoderImpl(const ModelOptions& options);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask = {},
                        const torch::Tensor& calendar = {}, std::int64_t start = 0) override;
  // The same computation as forward, one step at a time (autograd-capable): the
  // "Aaren as a sequential loop" reference in tests and training benchmarks.
  torch::Tensor forwardSequential(const torch::Tensor& x, const torch::Tensor& mask = {},
                                  const torch::Tensor& calendar = {});
  torch::Tensor windowScale(const torch::Tensor& x, const torch::Tensor& history = {}) const override {
    return embedding->windowScale(x, history);
  }
  std::unique_ptr<EncoderState> initialState(std::int64_t batch) const override;
  torch::Tensor step(const torch::Tensor& x_t, EncoderState& state,
                     const torch::Tensor& calendar_t = {}) override;

  ModelOptions options;
  Embedding embedding{nullptr};
  std::vector<AarenBlock> blocks;
  torch::nn::LayerNorm final_norm{nullptr};  // null without options.final_norm
};

}  // namespace aaren
