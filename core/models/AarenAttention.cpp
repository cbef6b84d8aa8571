#include "core/models/AarenAttention.h"

#include "core/models/Scan.h"

#include <cmath>
#include <limits>
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

torch::Tensor AarenAttentionImpl::scores(const torch::Tensor& x) {
  const auto B = x.size(0), T = x.size(1);
  auto k = key->forward(x).view({B, T, heads, d_head});
  auto s = (k * queries()).sum(-1) / std::sqrt(static_cast<double>(d_head));  // [B, T, H]
  return s.permute({0, 2, 1});
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
  auto k = key->forward(x_t).view({B, heads, d_head});
  auto v = value->forward(x_t).view({B, heads, d_head});
  auto s = (k * queries()).sum(-1) / std::sqrt(static_cast<double>(d_head));  // [B, H]

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
