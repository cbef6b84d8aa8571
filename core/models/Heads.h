#pragma once
// Output heads on top of an encoder's hidden states.
#include <torch/torch.h>

namespace aaren {

// Forecasting: from the hidden state at any position, the next `horizon` values of
// every channel. [.., d_model] -> [.., horizon, channels]. Applied at every position,
// so every position of a training sequence can carry a loss.
struct ForecastHeadImpl : torch::nn::Module {
  ForecastHeadImpl(std::int64_t d_model, std::int64_t horizon, std::int64_t channels);
  torch::Tensor forward(const torch::Tensor& hidden);
  std::int64_t horizon, channels;
  torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(ForecastHead);

// Classification: class logits from a pooled state [B, d_model] -> [B, classes].
struct ClassifierHeadImpl : torch::nn::Module {
  ClassifierHeadImpl(std::int64_t d_model, std::int64_t classes, double dropout);
  torch::Tensor forward(const torch::Tensor& pooled);
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(ClassifierHead);

// Final valid state ([B, T, C] at the last true of mask) or mean over valid steps.
torch::Tensor poolLast(const torch::Tensor& hidden, const torch::Tensor& mask = {});
torch::Tensor poolMean(const torch::Tensor& hidden, const torch::Tensor& mask = {});

}  // namespace aaren
