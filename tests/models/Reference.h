#pragma once
// Independent float64 references for the model tests: softmax attention of a fixed query
// over every prefix, computed naively (one softmax per prefix, plain loops).
#include <torch/torch.h>

#include "core/models/AarenAttention.h"

namespace aaren::testing {

// s [B, H, T], v [B, H, T, D], mask [B, T] or undefined -> [B, H, T, D] float64.
// Positions with no valid step at or before them give 0.
torch::Tensor naivePrefixAttention(const torch::Tensor& s, const torch::Tensor& v,
                                   const torch::Tensor& mask = {});

// Scores of an Aaren layer computed the textbook way, independent of the layer's folded
// projection: k = W_k x + b_k, s_h = q_h · k_h / sqrt(d_head). x [B, T, C] -> [B, H, T].
torch::Tensor naiveScores(aaren::AarenAttentionImpl& layer, const torch::Tensor& x);

// Copies every parameter and buffer of `from` into `to` (same architecture), then makes
// `to` float64: the float64 twin of a float32 model.
void copyToDouble(const torch::nn::Module& from, torch::nn::Module& to);

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b);

// A [B, T] bool mask with the first lengths[b] steps valid.
torch::Tensor lengthMask(const std::vector<std::int64_t>& lengths, std::int64_t T);

}  // namespace aaren::testing
