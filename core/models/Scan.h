#pragma once
// The parallel form of Aaren: softmax attention of a fixed query over every prefix,
// computed as a prefix scan with the associative operator on (m, u, w) triples
// (DESIGN.md). Exact attention inside chunks of `chunk` steps, Hillis–Steele across
// chunks: O(T·chunk) work, log2(T/chunk) sequential steps, differentiable.
#include <torch/torch.h>

namespace aaren {

// Score used for masked (padding) positions: a finite stand-in for -inf so that an
// all-padding prefix gives 0 instead of NaN, and exp(kMaskedScore - m) underflows to 0.
inline constexpr double kMaskedScore = -1e30;

struct ScanTriple {
  torch::Tensor m;  // [..., N]      running maximum score
  torch::Tensor u;  // [..., N]      sum of exp(s - m)
  torch::Tensor w;  // [..., N, D]   sum of exp(s - m) v
};

// ⊕ of DESIGN.md, elementwise over leading dims.
ScanTriple combine(const ScanTriple& a, const ScanTriple& b);

// Inclusive prefix scan along dim -1 of m/u (dim -2 of w), Hillis–Steele.
ScanTriple inclusiveScan(ScanTriple x);

// scores s [B, H, T], values v [B, H, T, D], optional valid mask [B, T] (true = real
// step). Returns o [B, H, T, D], o_t = softmax(s_{<=t}) · v_{<=t} over valid steps.
// Padding positions get the output of the last valid step before them (0 if none).
torch::Tensor prefixAttention(const torch::Tensor& s, const torch::Tensor& v,
                              const torch::Tensor& mask = {}, std::int64_t chunk = 64);

}  // namespace aaren
