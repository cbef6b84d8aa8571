#pragma once
// Input embedding shared by Aaren and the Transformer baseline: a linear value
// embedding (of the current sample, or of a causal window of the last `window` samples),
// optionally a sinusoidal encoding of the absolute step index (computed in double
// and reduced mod 2π, so it is defined for any position of an unbounded stream) and,
// when timestamps exist, a linear embedding of the calendar features.
#include <torch/torch.h>

namespace aaren {

struct EmbeddingImpl : torch::nn::Module {
  EmbeddingImpl(std::int64_t channels, std::int64_t d_model, bool calendar, double dropout,
                std::int64_t window = 1, bool relative = false, bool positional = true,
                bool scaled = false);

  // x [B, T, channels]; calendar [B, T, kCalendarFeatures] (required iff built with
  // calendar); positions of the T steps are start, start+1, …. Returns [B, T, d_model].
  // With window > 1, `history` [B, window - 1, channels] holds the inputs before x (a
  // stream's previous samples); undefined, the window before x[:, 0] repeats x[:, 0].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& calendar = {},
                        std::int64_t start = 0, const torch::Tensor& history = {});

  // The history after x: the last window - 1 inputs of [history, x] ([B, window - 1,
  // channels], contiguous); undefined when window == 1.
  torch::Tensor nextHistory(const torch::Tensor& history, const torch::Tensor& x) const;

  // With `scaled`: the spread of every channel's relative window, sqrt(mean_j (x[t-j] -
  // x[t])^2 + 1e-6), [B, T, channels] (x and history as in forward); the embedding reads the
  // relative window divided by it. Undefined without `scaled`.
  torch::Tensor windowScale(const torch::Tensor& x, const torch::Tensor& history = {}) const;

  // Sinusoidal encoding of positions start..start+T-1: [T, d_model] float.
  torch::Tensor positional(std::int64_t start, std::int64_t T) const;

  std::int64_t channels, d_model, window;
  bool relative;  // the window minus the current sample
  bool use_positional;  // add positional(start, T)
  bool scaled;          // divide the relative window by windowScale
  bool use_calendar;
  torch::nn::Linear value{nullptr}, calendar_proj{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(Embedding);

// The causal windows of x [B, T, C] after `history` [B, window - 1, C] (undefined: the
// window before x[:, 0] repeats x[:, 0]): [B, T, window, C], oldest sample first, a view
// where it can be. What the value embedding and a forecaster's linear skip read.
torch::Tensor causalWindows(const torch::Tensor& x, const torch::Tensor& history, std::int64_t window);

}  // namespace aaren
