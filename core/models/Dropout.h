#pragma once
// Inverted dropout for the model's torch::nn::Dropout submodules: the identity in eval mode
// or with p = 0 (no op dispatched at all), else x * (U(0,1) >= p) / (1 - p). The mask comes
// from uniform_, which on Debian's CPU LibTorch is about twice as fast as the bernoulli_
// behind torch::dropout; the distribution of the mask is the same.
// Threading: as the module (train from one thread).
#include <torch/torch.h>

namespace aaren {

torch::Tensor applyDropout(const torch::nn::Dropout& dropout, const torch::Tensor& x);

}  // namespace aaren
