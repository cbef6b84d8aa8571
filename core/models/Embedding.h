#pragma once
// Input embedding shared by Aaren and the Transformer baseline: a linear value
// embedding, a sinusoidal encoding of the absolute step index (computed in double
// and reduced mod 2π, so it is defined for any position of an unbounded stream) and,
// when timestamps exist, a linear embedding of the calendar features.
#include <torch/torch.h>

namespace aaren {

struct EmbeddingImpl : torch::nn::Module {
  EmbeddingImpl(std::int64_t channels, std::int64_t d_model, bool calendar, double dropout);

  // x [B, T, channels]; calendar [B, T, kCalendarFeatures] (required iff built with
  // calendar); positions of the T steps are start, start+1, …. Returns [B, T, d_model].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& calendar = {},
                        std::int64_t start = 0);

  // Sinusoidal encoding of positions start..start+T-1: [T, d_model] float.
  torch::Tensor positional(std::int64_t start, std::int64_t T) const;

  std::int64_t channels, d_model;
  bool use_calendar;
  torch::nn::Linear value{nullptr}, calendar_proj{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(Embedding);

}  // namespace aaren
