#include "core/models/Scan.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

// Notation, per (batch, head) sequence: scores s_t, values v_t (D wide), output
//   o_t = w_t / u_t,  u_t = Σ_{j≤t} e^{s_j − M_t},  w_t = Σ_{j≤t} e^{s_j − M_t} v_j,
//   M_t = max_{j≤t} s_j.
//
// Backward. With p_tj = e^{s_j − M_t} / u_t (j ≤ t) and g_t = ∂L/∂o_t:
//   ∂L/∂v_j = Σ_{t≥j} p_tj g_t
//   ∂L/∂s_j = Σ_{t≥j} p_tj g_t·(v_j − o_t)
// Both are e^{s_j − M_j} times the suffix sums
//   R_j = Σ_{t≥j} e^{M_j − M_t} g_t / u_t            (D wide)
//   r_j = Σ_{t≥j} e^{M_j − M_t} (g_t·o_t) / u_t
// so ∂L/∂v_j = e^{s_j − M_j} R_j and ∂L/∂s_j = e^{s_j − M_j} (v_j·R_j − r_j). M is
// non-decreasing, so every exponent is ≤ 0: nothing overflows. The suffix sums obey
//   R_j = g_j / u_j + e^{M_j − M_{j+1}} R_{j+1},
// a linear recurrence, scanned like the forward: each chunk on its own with nothing
// coming in, then the chunk heads from the last chunk back, then each chunk's carry
// e^{M_j − M_head(next chunk)} R_head(next chunk) added to its steps.

namespace aaren {

namespace {

struct Shape {
  std::int64_t BH, T, D, L, N;  // sequences, steps, value width, chunk length, chunks
  std::int64_t begin(std::int64_t k) const { return k * L; }
  std::int64_t end(std::int64_t k) const { return std::min(T, (k + 1) * L); }
};

// One parallel_for over every (sequence, chunk) pair.
template <class F>
void forEachChunk(const Shape& sh, F f) {
  at::parallel_for(0, sh.BH * sh.N, 1, [&](std::int64_t lo, std::int64_t hi) {
    for (std::int64_t i = lo; i < hi; ++i) f(i / sh.N, i % sh.N);
  });
}

template <class F>
void forEachSequence(const Shape& sh, F f) {
  at::parallel_for(0, sh.BH, 1, [&](std::int64_t lo, std::int64_t hi) {
    for (std::int64_t p = lo; p < hi; ++p) f(p);
  });
}

// Forward: writes o [BH, T, D], and M, u [BH, T] (the global running maximum and
// normaliser, kept for the backward).
template <class S>
void scanForward(const Shape& sh, const S* s, const S* v, S* o, S* M, S* u) {
  const std::int64_t T = sh.T, D = sh.D, N = sh.N;
  // Chunk summaries (m, u, w) at each chunk's last step.
  std::vector<S> sm(static_cast<std::size_t>(sh.BH * N)), su(sm.size()),
      sw(static_cast<std::size_t>(sh.BH * N * D));

  // Pass 1: every chunk on its own. o holds the chunk-local output w/u for now.
  forEachChunk(sh, [&](std::int64_t p, std::int64_t k) {
    S m = -std::numeric_limits<S>::infinity(), uu = 0;
    S* w = sw.data() + (p * N + k) * D;
    std::fill(w, w + D, S(0));
    for (std::int64_t t = sh.begin(k); t < sh.end(k); ++t) {
      const std::int64_t i = p * T + t;
      const S m_new = std::max(m, s[i]);
      const S a = std::exp(m - m_new), e = std::exp(s[i] - m_new);
      uu = uu * a + e;
      const S* vt = v + i * D;
      S* ot = o + i * D;
      const S inv = S(1) / uu;
      for (std::int64_t d = 0; d < D; ++d) {
        w[d] = w[d] * a + e * vt[d];
        ot[d] = w[d] * inv;
      }
      m = m_new;
      M[i] = m;
      u[i] = uu;
    }
    sm[p * N + k] = m;
    su[p * N + k] = uu;
  });
  if (N == 1) return;

  // Pass 2: exclusive ⊕-scan of the summaries; summary k is replaced by the carry into
  // chunk k (the whole prefix before it). Chunk 0 has none and is never read.
  forEachSequence(sh, [&](std::int64_t p) {
    S cm = sm[p * N], cu = su[p * N];
    std::vector<S> cw(sw.begin() + p * N * D, sw.begin() + (p * N + 1) * D);
    for (std::int64_t k = 1; k < N; ++k) {
      const std::int64_t j = p * N + k;
      const S m = std::max(cm, sm[j]);
      const S a = std::exp(cm - m), b = std::exp(sm[j] - m);
      const S nu = cu * a + su[j] * b;
      S* w = sw.data() + j * D;
      for (std::int64_t d = 0; d < D; ++d) {
        const S nw = cw[d] * a + w[d] * b;
        w[d] = cw[d];
        cw[d] = nw;
      }
      sm[j] = cm;
      su[j] = cu;
      cm = m;
      cu = nu;
    }
  });

  // Pass 3: carry ⊕ local at every step of chunks 1..N-1.
  forEachChunk(sh, [&](std::int64_t p, std::int64_t k) {
    if (k == 0) return;
    const std::int64_t j = p * N + k;
    const S cm = sm[j], cu = su[j];
    const S* cw = sw.data() + j * D;
    for (std::int64_t t = sh.begin(k); t < sh.end(k); ++t) {
      const std::int64_t i = p * T + t;
      const S m = std::max(cm, M[i]);
      const S a = std::exp(cm - m), b = std::exp(M[i] - m) * u[i];  // b·o_local = local w
      const S uu = cu * a + b;
      const S inv = S(1) / uu;
      S* ot = o + i * D;
      for (std::int64_t d = 0; d < D; ++d) ot[d] = (cw[d] * a + ot[d] * b) * inv;
      M[i] = m;
      u[i] = uu;
    }
  });
}

// Backward: from g = ∂L/∂o [BH, T, D] and the forward's s, v, o, M, u, writes
// ds [BH, T] and dv [BH, T, D].
template <class S>
void scanBackward(const Shape& sh, const S* g, const S* s, const S* v, const S* o, const S* M,
                  const S* u, S* ds, S* dv) {
  const std::int64_t T = sh.T, D = sh.D, N = sh.N;
  // Pass 1: chunk-local suffix sums, R into dv and r into ds for now.
  forEachChunk(sh, [&](std::int64_t p, std::int64_t k) {
    for (std::int64_t t = sh.end(k) - 1; t >= sh.begin(k); --t) {
      const std::int64_t i = p * T + t;
      const bool last = t == sh.end(k) - 1;
      const S decay = last ? S(0) : std::exp(M[i] - M[i + 1]);
      const S inv = S(1) / u[i];
      const S* gt = g + i * D;
      const S* ot = o + i * D;
      S* dvt = dv + i * D;
      const S* next = last ? dvt : dvt + D;  // read only when decay != 0
      S go = 0;
      for (std::int64_t d = 0; d < D; ++d) {
        go += gt[d] * ot[d];
        dvt[d] = gt[d] * inv + (last ? S(0) : decay * next[d]);
      }
      ds[i] = go * inv + (last ? S(0) : decay * ds[i + 1]);
    }
  });

  // Pass 2: carry[k] = the true (R, r) at the first step of chunk k + 1 (zero for the last
  // chunk), from the last chunk back: the head's local sums plus the carry after it.
  std::vector<S> carryR(static_cast<std::size_t>(sh.BH * N * D), S(0)),
      carryr(static_cast<std::size_t>(sh.BH * N), S(0));
  forEachSequence(sh, [&](std::int64_t p) {
    for (std::int64_t k = N - 2; k >= 0; --k) {
      const std::int64_t h = p * T + sh.begin(k + 1);
      const std::int64_t c = p * N + k;
      const bool tail = k + 2 < N;  // a carry after chunk k + 1
      const S decay = tail ? std::exp(M[h] - M[p * T + sh.begin(k + 2)]) : S(0);
      for (std::int64_t d = 0; d < D; ++d)
        carryR[c * D + d] = dv[h * D + d] + (tail ? decay * carryR[(c + 1) * D + d] : S(0));
      carryr[c] = ds[h] + (tail ? decay * carryr[c + 1] : S(0));
    }
  });

  // Pass 3: add each chunk's carry, then turn (R, r) into the gradients.
  forEachChunk(sh, [&](std::int64_t p, std::int64_t k) {
    const bool carried = k + 1 < N;
    const S m_head = carried ? M[p * T + sh.begin(k + 1)] : S(0);
    const S* cR = carryR.data() + (p * N + k) * D;
    const S cr = carryr[p * N + k];
    for (std::int64_t t = sh.begin(k); t < sh.end(k); ++t) {
      const std::int64_t i = p * T + t;
      const S decay = carried ? std::exp(M[i] - m_head) : S(0);
      const S e = std::exp(s[i] - M[i]);
      const S* vt = v + i * D;
      S* dvt = dv + i * D;
      S vR = 0;
      for (std::int64_t d = 0; d < D; ++d) {
        const S R = dvt[d] + decay * cR[d];
        vR += vt[d] * R;
        dvt[d] = e * R;
      }
      ds[i] = e * (vR - (ds[i] + decay * cr));
    }
  });
}

Shape shapeOf(const torch::Tensor& v, std::int64_t chunk) {
  const std::int64_t T = v.size(2);
  const std::int64_t L = std::min(chunk, T);
  return {v.size(0) * v.size(1), T, v.size(3), L, (T + L - 1) / L};
}

class PrefixAttentionFunction : public torch::autograd::Function<PrefixAttentionFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor s,
                               torch::Tensor v, std::int64_t chunk) {
    s = s.contiguous();
    v = v.contiguous();
    const Shape sh = shapeOf(v, chunk);
    auto o = torch::empty_like(v);
    auto M = torch::empty_like(s);
    auto u = torch::empty_like(s);
    AT_DISPATCH_FLOATING_TYPES(s.scalar_type(), "prefixAttention", [&] {
      scanForward<scalar_t>(sh, s.data_ptr<scalar_t>(), v.data_ptr<scalar_t>(),
                            o.data_ptr<scalar_t>(), M.data_ptr<scalar_t>(), u.data_ptr<scalar_t>());
    });
    ctx->save_for_backward({s, v, o, M, u});
    ctx->saved_data["chunk"] = chunk;
    return o;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const auto &s = saved[0], &v = saved[1], &o = saved[2], &M = saved[3], &u = saved[4];
    auto g = grads[0].contiguous();
    const Shape sh = shapeOf(v, ctx->saved_data["chunk"].toInt());
    auto ds = torch::empty_like(s);
    auto dv = torch::empty_like(v);
    AT_DISPATCH_FLOATING_TYPES(s.scalar_type(), "prefixAttentionBackward", [&] {
      scanBackward<scalar_t>(sh, g.data_ptr<scalar_t>(), s.data_ptr<scalar_t>(),
                             v.data_ptr<scalar_t>(), o.data_ptr<scalar_t>(), M.data_ptr<scalar_t>(),
                             u.data_ptr<scalar_t>(), ds.data_ptr<scalar_t>(), dv.data_ptr<scalar_t>());
    });
    return {ds, dv, torch::Tensor()};
  }
};

}  // namespace

torch::Tensor prefixAttention(const torch::Tensor& s_in, const torch::Tensor& v_in,
                              const torch::Tensor& mask, std::int64_t chunk) {
  if (s_in.dim() != 3 || v_in.dim() != 4 || s_in.size(0) != v_in.size(0) ||
      s_in.size(1) != v_in.size(1) || s_in.size(2) != v_in.size(2))
    throw std::invalid_argument("prefixAttention: expected scores [B, H, T] and values [B, H, T, D]");
  if (chunk < 1) throw std::invalid_argument("prefixAttention: chunk must be at least 1");
  if (s_in.scalar_type() != v_in.scalar_type())
    throw std::invalid_argument("prefixAttention: scores and values must have the same dtype");
  if (!s_in.device().is_cpu() || !v_in.device().is_cpu())
    throw std::invalid_argument("prefixAttention: CPU tensors only");
  if (s_in.size(2) == 0) return v_in.clone();

  torch::Tensor s = s_in, v = v_in;
  if (mask.defined()) {
    if (mask.dim() != 2 || mask.size(0) != s.size(0) || mask.size(1) != s.size(2))
      throw std::invalid_argument("prefixAttention: mask must be [B, T]");
    auto invalid = mask.logical_not().unsqueeze(1);  // [B, 1, T]
    s = s.masked_fill(invalid, kMaskedScore);
    v = v.masked_fill(invalid.unsqueeze(-1), 0.0);
  }
  return PrefixAttentionFunction::apply(s, v, chunk);
}

}  // namespace aaren
