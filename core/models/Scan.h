#pragma once
// The parallel form of Aaren: softmax attention of a fixed query over every prefix,
// computed as a prefix scan with the associative operator ⊕ on (m, u, w) triples
// (DESIGN.md), in one fused CPU kernel with a hand-written backward:
//
//   forward   reduce-then-scan in chunks of `chunk` steps: every chunk of every
//             (batch, head) scans its own steps independently (in parallel), the chunk
//             summaries are scanned with ⊕ (T/chunk sequential steps), and a last
//             parallel pass folds each chunk's carry into its steps.
//   backward  the gradient is a suffix scan of the same shape (see Scan.cpp), run with the
//             same three passes.
//
// O(T·D) work per (batch, head), O(T/chunk) sequential steps, no T×T or chunk×chunk
// intermediate, float32 and float64.
#include <torch/torch.h>

namespace aaren {

// Score used for masked (padding) positions: a finite stand-in for -inf so that an
// all-padding prefix gives 0 instead of NaN, and exp(kMaskedScore - m) underflows to 0.
inline constexpr double kMaskedScore = -1e30;

// scores s [B, H, T], values v [B, H, T, D], optional valid mask [B, T] (true = real
// step). Returns o [B, H, T, D], o_t = softmax(s_{<=t}) · v_{<=t} over valid steps.
// Padding positions get the output of the last valid step before them (0 if none).
// Differentiable in s and v (first order).
torch::Tensor prefixAttention(const torch::Tensor& s, const torch::Tensor& v,
                              const torch::Tensor& mask = {}, std::int64_t chunk = 64);

}  // namespace aaren
