#include "core/models/AarenAttention.h"

#include "core/models/Scan.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <mutex>
#include <stdexcept>

namespace aaren {

std::int64_t AarenAttentionState::bytes() const {
  std::int64_t total = 0;
  for (const auto* t : {&m, &c, &a})
    if (t->defined()) total += t->numel() * static_cast<std::int64_t>(t->element_size());
  return total;
}

AarenAttentionImpl::AarenAttentionImpl(std::int64_t d_model_, std::int64_t heads_,
                                       std::int64_t chunk_)
    : d_model(d_model_), heads(heads_), d_head(d_model_ / heads_), chunk(chunk_) {
  if (heads_ < 1 || d_model_ % heads_ != 0)
    throw std::invalid_argument("AarenAttention: d_model (" + std::to_string(d_model_) +
                                ") must be divisible by heads (" + std::to_string(heads_) + ")");
  // The learned query token; std 1 so initial scores are O(1), not uniform averaging.
  query_token = register_parameter("query_token", torch::randn({d_model}));
  query = register_module("query", torch::nn::Linear(d_model, d_model));
  key = register_module("key", torch::nn::Linear(d_model, d_model));
  value = register_module("value", torch::nn::Linear(d_model, d_model));
  out = register_module("out", torch::nn::Linear(d_model, d_model));
}

torch::Tensor AarenAttentionImpl::queries() {
  return query->forward(query_token).view({heads, d_head});
}

// What the cached projections were computed from: every tensor's version counter, storage
// and dtype. Any in-place update (optimiser step, load) or replacement changes one of them.
struct AarenAttentionImpl::ProjectionCache {
  static constexpr std::size_t kInputs = 7;
  std::mutex mutex;
  bool valid = false;
  std::array<std::uint32_t, kInputs> versions{};
  std::array<const void*, kInputs> storage{};
  std::array<caffe2::TypeMeta, kInputs> dtypes{};
  ScoreProjection projection;
  // Values and scores in one product for the inference step: [C, C + H] and [C + H].
  torch::Tensor joint_weight, joint_bias;
};

AarenAttentionImpl::ScoreProjection AarenAttentionImpl::computeScoreProjection() {
  const double scale = 1.0 / std::sqrt(static_cast<double>(d_head));
  auto q = queries() * scale;                                      // [H, D]
  auto wk = key->weight.view({heads, d_head, d_model});            // [H, D, C]
  auto weight = (wk * q.unsqueeze(-1)).sum(1).t();                 // [C, H]
  auto bias = (key->bias.view({heads, d_head}) * q).sum(-1);       // [H]
  return {weight, bias};
}

AarenAttentionImpl::ProjectionCache& AarenAttentionImpl::freshCache() {
  // Called with autograd off only. The lock is held by the caller.
  const std::array<const torch::Tensor*, ProjectionCache::kInputs> inputs{
      &query_token, &query->weight, &query->bias, &key->weight, &key->bias, &value->weight, &value->bias};
  bool fresh = cache_->valid;
  for (std::size_t i = 0; i < inputs.size() && fresh; ++i)
    fresh = cache_->versions[i] == inputs[i]->_version() &&
            cache_->storage[i] == inputs[i]->data_ptr() && cache_->dtypes[i] == inputs[i]->dtype();
  if (!fresh) {
    cache_->projection = computeScoreProjection();
    cache_->joint_weight = torch::cat({value->weight.t(), cache_->projection.weight}, 1).contiguous();
    cache_->joint_bias = torch::cat({value->bias, cache_->projection.bias}, 0).contiguous();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      cache_->versions[i] = inputs[i]->_version();
      cache_->storage[i] = inputs[i]->data_ptr();
      cache_->dtypes[i] = inputs[i]->dtype();
    }
    cache_->valid = true;
  }
  return *cache_;
}

AarenAttentionImpl::ScoreProjection AarenAttentionImpl::scoreProjection() {
  if (torch::GradMode::is_enabled()) return computeScoreProjection();
  if (!cache_) cache_ = std::make_shared<ProjectionCache>();
  std::lock_guard lock(cache_->mutex);
  return freshCache().projection;
}

namespace {

// The recurrence of DESIGN.md on plain memory: for every row b and head h,
//   m' = max(m, s), c' = c e^{m-m'} + e^{s-m'}, a' = a e^{m-m'} + v e^{s-m'}, o = a' / c'.
// Rows with keep[b] == false copy their state and output the old a / c. Everything is
// contiguous: s [B, H] and v [B, H*D] with row stride `stride`, m/c [B, H], a/o [B, H*D].
template <typename T>
void recurrence(std::int64_t B, std::int64_t H, std::int64_t D, const T* s, const T* v, std::int64_t stride,
                const bool* keep, const T* m, const T* c, const T* a, T* m2, T* c2, T* a2, T* o) {
  for (std::int64_t b = 0; b < B; ++b) {
    const bool update = keep == nullptr || keep[b];
    for (std::int64_t h = 0; h < H; ++h) {
      const std::int64_t i = b * H + h;
      const T* ai = a + i * D;
      T* a2i = a2 + i * D;
      T* oi = o + i * D;
      if (update) {
        const T si = s[b * stride + h];
        const T mi = std::max(m[i], si);
        const T e_old = std::exp(m[i] - mi), e_new = std::exp(si - mi);
        const T* vi = v + b * stride + h * D;
        m2[i] = mi;
        c2[i] = c[i] * e_old + e_new;
        for (std::int64_t d = 0; d < D; ++d) a2i[d] = ai[d] * e_old + vi[d] * e_new;
      } else {
        m2[i] = m[i];
        c2[i] = c[i];
        for (std::int64_t d = 0; d < D; ++d) a2i[d] = ai[d];
      }
      // c >= 1 after the first valid step; before it a == 0 and the output is 0.
      const T denom = std::max(c2[i], std::numeric_limits<T>::min());
      for (std::int64_t d = 0; d < D; ++d) oi[d] = a2i[d] / denom;
    }
  }
}

}  // namespace

torch::Tensor AarenAttentionImpl::scores(const torch::Tensor& x) {
  auto [w, b] = scoreProjection();
  return torch::addmm(b, x.reshape({-1, d_model}), w)  // [B*T, H]
      .view({x.size(0), x.size(1), heads})
      .permute({0, 2, 1});
}

torch::Tensor AarenAttentionImpl::values(const torch::Tensor& x) {
  const auto B = x.size(0), T = x.size(1);
  return value->forward(x).view({B, T, heads, d_head}).permute({0, 2, 1, 3});
}

torch::Tensor AarenAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
  if (x.dim() != 3 || x.size(2) != d_model)
    throw std::invalid_argument("AarenAttention::forward: expected [B, T, " +
                                std::to_string(d_model) + "] input");
  const auto B = x.size(0), T = x.size(1);
  auto o = prefixAttention(scores(x), values(x), mask, chunk);  // [B, H, T, D]
  return out->forward(o.permute({0, 2, 1, 3}).reshape({B, T, d_model}));
}

AarenAttentionState AarenAttentionImpl::initialState(std::int64_t batch) const {
  auto opts = query_token.options().requires_grad(false);
  return {torch::full({batch, heads}, -std::numeric_limits<float>::infinity(), opts),
          torch::zeros({batch, heads}, opts), torch::zeros({batch, heads, d_head}, opts)};
}

torch::Tensor AarenAttentionImpl::step(const torch::Tensor& x_t, AarenAttentionState& st,
                                       const torch::Tensor& valid) {
  const auto B = x_t.size(0);
  const auto dtype = x_t.scalar_type();
  // Inference: one product for values and scores, then the recurrence in a plain loop (as a
  // GRU runs a fused cell) instead of a dozen small tensor ops. New state tensors are written,
  // never the old ones, so a copied state keeps its values.
  if (!torch::GradMode::is_enabled() && (dtype == torch::kFloat32 || dtype == torch::kFloat64) &&
      x_t.device().is_cpu() && st.m.scalar_type() == dtype && st.c.scalar_type() == dtype &&
      st.a.scalar_type() == dtype) {
    if (!cache_) cache_ = std::make_shared<ProjectionCache>();
    torch::Tensor weight, bias;
    {
      std::lock_guard lock(cache_->mutex);
      auto& cache = freshCache();
      weight = cache.joint_weight;
      bias = cache.joint_bias;
    }
    if (weight.scalar_type() == dtype) {
      auto vs = torch::addmm(bias, x_t, weight);  // [B, C + H]: values, then scores
      auto m = st.m.contiguous(), c = st.c.contiguous(), a = st.a.contiguous();
      auto m2 = torch::empty_like(m), c2 = torch::empty_like(c), a2 = torch::empty_like(a);
      auto o = torch::empty({B, d_model}, x_t.options());
      torch::Tensor keep = valid.defined() ? valid.to(torch::kBool).contiguous() : torch::Tensor{};
      AT_DISPATCH_FLOATING_TYPES(dtype, "aaren_step", [&] {
        const scalar_t* p = vs.data_ptr<scalar_t>();
        recurrence<scalar_t>(B, heads, d_head, p + d_model, p, d_model + heads,
                             keep.defined() ? keep.data_ptr<bool>() : nullptr, m.data_ptr<scalar_t>(),
                             c.data_ptr<scalar_t>(), a.data_ptr<scalar_t>(), m2.data_ptr<scalar_t>(),
                             c2.data_ptr<scalar_t>(), a2.data_ptr<scalar_t>(), o.data_ptr<scalar_t>());
      });
      st.m = m2;
      st.c = c2;
      st.a = a2;
      return out->forward(o);
    }
  }

  auto [w, b] = scoreProjection();
  auto s = torch::addmm(b, x_t, w);  // [B, H]
  auto v = value->forward(x_t).view({B, heads, d_head});

  auto m = torch::maximum(st.m, s);
  auto e_old = torch::exp(st.m - m);
  auto e_new = torch::exp(s - m);
  auto c = st.c * e_old + e_new;
  auto a = st.a * e_old.unsqueeze(-1) + v * e_new.unsqueeze(-1);
  if (valid.defined()) {
    auto keep = valid.view({B, 1});
    m = torch::where(keep, m, st.m);
    c = torch::where(keep, c, st.c);
    a = torch::where(keep.unsqueeze(-1), a, st.a);
  }
  st.m = m;
  st.c = c;
  st.a = a;
  // c >= 1 after the first valid step; before it a == 0 and the output is 0.
  auto o = a / c.clamp_min(std::numeric_limits<float>::min()).unsqueeze(-1);
  return out->forward(o.reshape({B, d_model}));
}

torch::Tensor AarenAttentionImpl::forwardSequential(const torch::Tensor& x,
                                                    const torch::Tensor& mask) {
  auto st = initialState(x.size(0));
  st.m = st.m.to(x.dtype());
  st.c = st.c.to(x.dtype());
  st.a = st.a.to(x.dtype());
  std::vector<torch::Tensor> outs;
  outs.reserve(static_cast<std::size_t>(x.size(1)));
  for (std::int64_t t = 0; t < x.size(1); ++t)
    outs.push_back(step(x.select(1, t), st, mask.defined() ? mask.select(1, t) : torch::Tensor{}));
  return torch::stack(outs, 1);
}

}  // namespace aaren
