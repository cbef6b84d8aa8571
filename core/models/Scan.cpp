#include "core/models/Scan.h"

#include <stdexcept>

namespace aaren {

ScanTriple combine(const ScanTriple& a, const ScanTriple& b) {
  auto m = torch::maximum(a.m, b.m);
  auto ea = torch::exp(a.m - m);
  auto eb = torch::exp(b.m - m);
  return {m, a.u * ea + b.u * eb, a.w * ea.unsqueeze(-1) + b.w * eb.unsqueeze(-1)};
}

namespace {

// (kMaskedScore, 0, 0): combine(identity(), x) == x for every x.
ScanTriple identityLike(const ScanTriple& x, std::int64_t n) {
  auto msizes = x.m.sizes().vec();
  msizes.back() = n;
  auto wsizes = x.w.sizes().vec();
  wsizes[wsizes.size() - 2] = n;
  return {torch::full(msizes, kMaskedScore, x.m.options()), torch::zeros(msizes, x.u.options()),
          torch::zeros(wsizes, x.w.options())};
}

// Shift right by d along the scan dimension, filling with the identity.
ScanTriple shiftRight(const ScanTriple& x, std::int64_t d) {
  const std::int64_t n = x.m.size(-1);
  auto id = identityLike(x, std::min(d, n));
  if (d >= n) return id;
  return {torch::cat({id.m, x.m.narrow(-1, 0, n - d)}, -1),
          torch::cat({id.u, x.u.narrow(-1, 0, n - d)}, -1),
          torch::cat({id.w, x.w.narrow(-2, 0, n - d)}, -2)};
}

}  // namespace

ScanTriple inclusiveScan(ScanTriple x) {
  const std::int64_t n = x.m.size(-1);
  for (std::int64_t d = 1; d < n; d *= 2) x = combine(shiftRight(x, d), x);
  return x;
}

torch::Tensor prefixAttention(const torch::Tensor& s_in, const torch::Tensor& v_in,
                              const torch::Tensor& mask, std::int64_t chunk) {
  if (s_in.dim() != 3 || v_in.dim() != 4 || s_in.size(0) != v_in.size(0) ||
      s_in.size(1) != v_in.size(1) || s_in.size(2) != v_in.size(2))
    throw std::invalid_argument("prefixAttention: expected scores [B, H, T] and values [B, H, T, D]");
  if (chunk < 1) throw std::invalid_argument("prefixAttention: chunk must be at least 1");
  const std::int64_t B = s_in.size(0), H = s_in.size(1), T = s_in.size(2), D = v_in.size(3);
  if (T == 0) return v_in.clone();

  torch::Tensor s = s_in, v = v_in;
  if (mask.defined()) {
    if (mask.dim() != 2 || mask.size(0) != B || mask.size(1) != T)
      throw std::invalid_argument("prefixAttention: mask must be [B, T]");
    auto invalid = mask.logical_not().unsqueeze(1);  // [B, 1, T]
    s = s.masked_fill(invalid, kMaskedScore);
    v = v.masked_fill(invalid.unsqueeze(-1), 0.0);
  }

  const std::int64_t L = std::min(chunk, T);
  const std::int64_t N = (T + L - 1) / L;
  const std::int64_t P = N * L;
  if (P != T) {  // pad at the end: later steps never influence earlier outputs
    s = torch::cat({s, torch::full({B, H, P - T}, kMaskedScore, s.options())}, -1);
    v = torch::cat({v, torch::zeros({B, H, P - T, D}, v.options())}, -2);
  }
  auto sc = s.view({B, H, N, L});
  auto vc = v.view({B, H, N, L, D});

  // Inside each chunk: exact attention of every prefix, each row against its own max.
  auto m_in = std::get<0>(torch::cummax(sc, -1));                    // [B,H,N,L]
  auto diff = sc.unsqueeze(-2) - m_in.unsqueeze(-1);                 // [B,H,N,t,j] = s_j - m_t
  auto above = torch::ones({L, L}, torch::dtype(torch::kBool).device(s.device())).triu(1);
  auto weights = torch::exp(diff.masked_fill(above, -std::numeric_limits<double>::infinity()));
  ScanTriple inner{m_in, weights.sum(-1), torch::matmul(weights, vc)};

  if (N > 1) {
    // Across chunks: inclusive scan of chunk summaries, shifted to an exclusive prefix.
    ScanTriple summary{inner.m.select(-1, L - 1), inner.u.select(-1, L - 1),
                       inner.w.select(-2, L - 1)};                   // [B,H,N], [B,H,N,D]
    auto prefix = shiftRight(inclusiveScan(summary), 1);
    ScanTriple carry{prefix.m.unsqueeze(-1), prefix.u.unsqueeze(-1), prefix.w.unsqueeze(-2)};
    inner = combine(carry, inner);
  }
  auto out = inner.w / inner.u.unsqueeze(-1);                        // [B,H,N,L,D]
  out = out.reshape({B, H, P, D});
  return P == T ? out : out.narrow(2, 0, T);
}

}  // namespace aaren
