#include "core/models/TransformerBlock.h"

#include "core/models/Dropout.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace aaren {

std::int64_t KVCache::bytes() const {
  if (!k.defined()) return 0;
  return 2 * k.size(0) * k.size(1) * length * k.size(3) * static_cast<std::int64_t>(k.element_size());
}

std::int64_t KVCache::allocatedBytes() const {
  if (!k.defined()) return 0;
  return (k.numel() + v.numel()) * static_cast<std::int64_t>(k.element_size());
}

CausalSelfAttentionImpl::CausalSelfAttentionImpl(std::int64_t d_model_, std::int64_t heads_)
    : d_model(d_model_), heads(heads_), d_head(d_model_ / heads_) {
  if (heads_ < 1 || d_model_ % heads_ != 0)
    throw std::invalid_argument("CausalSelfAttention: d_model (" + std::to_string(d_model_) +
                                ") must be divisible by heads (" + std::to_string(heads_) + ")");
  query = register_module("query", torch::nn::Linear(d_model, d_model));
  key = register_module("key", torch::nn::Linear(d_model, d_model));
  value = register_module("value", torch::nn::Linear(d_model, d_model));
  out = register_module("out", torch::nn::Linear(d_model, d_model));
}

torch::Tensor CausalSelfAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
  const auto B = x.size(0), T = x.size(1);
  auto split = [&](const torch::Tensor& t) {
    return t.view({B, T, heads, d_head}).permute({0, 2, 1, 3});
  };
  auto q = split(query->forward(x)), k = split(key->forward(x)), v = split(value->forward(x));
  auto att = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(static_cast<double>(d_head));
  auto opts = torch::dtype(torch::kBool).device(x.device());
  auto allowed = torch::ones({T, T}, opts).tril();  // key j <= query t
  if (mask.defined()) {
    // Padding keys are hidden, except a step's own key so that no row is empty.
    allowed = allowed.view({1, 1, T, T}) &
              (mask.view({B, 1, 1, T}) | torch::eye(T, opts).view({1, 1, T, T}));
  }
  att = att.masked_fill(allowed.logical_not(), -std::numeric_limits<double>::infinity());
  auto o = torch::matmul(torch::softmax(att, -1), v);  // [B, H, T, D]
  return out->forward(o.permute({0, 2, 1, 3}).reshape({B, T, d_model}));
}

torch::Tensor CausalSelfAttentionImpl::step(const torch::Tensor& x_t, KVCache& cache) {
  const auto B = x_t.size(0);
  auto q = query->forward(x_t).view({B, heads, 1, d_head});
  auto k = key->forward(x_t).view({B, heads, 1, d_head});
  auto v = value->forward(x_t).view({B, heads, 1, d_head});

  std::int64_t slot = cache.length;
  if (!cache.k.defined()) {
    const std::int64_t cap = cache.window > 0 ? std::min<std::int64_t>(cache.window, 64) : 64;
    cache.k = torch::empty({B, heads, cap, d_head}, k.options().requires_grad(false));
    cache.v = torch::empty({B, heads, cap, d_head}, v.options().requires_grad(false));
  }
  const std::int64_t cap = cache.k.size(2);
  if (cache.window > 0 && cache.length == cache.window) {
    // Full sliding window: overwrite the oldest token (softmax is order-free, positions
    // live in the embedding).
    slot = cache.next;
    cache.next = (cache.next + 1) % cache.window;
  } else if (cache.length == cap) {
    std::int64_t grown = cap * 2;
    if (cache.window > 0) grown = std::min(grown, cache.window);
    auto nk = torch::empty({B, heads, grown, d_head}, cache.k.options());
    auto nv = torch::empty({B, heads, grown, d_head}, cache.v.options());
    nk.narrow(2, 0, cap).copy_(cache.k);
    nv.narrow(2, 0, cap).copy_(cache.v);
    cache.k = nk;
    cache.v = nv;
  }
  {
    torch::NoGradGuard no_grad;
    cache.k.narrow(2, slot, 1).copy_(k);
    cache.v.narrow(2, slot, 1).copy_(v);
  }
  if (slot == cache.length) ++cache.length;

  auto keys = cache.k.narrow(2, 0, cache.length);
  auto vals = cache.v.narrow(2, 0, cache.length);
  auto att = torch::matmul(q, keys.transpose(-2, -1)) / std::sqrt(static_cast<double>(d_head));
  auto o = torch::matmul(torch::softmax(att, -1), vals);  // [B, H, 1, D]
  return out->forward(o.reshape({B, d_model}));
}

TransformerBlockImpl::TransformerBlockImpl(std::int64_t d_model, std::int64_t heads,
                                           std::int64_t d_ff, double p) {
  attention = register_module("attention", CausalSelfAttention(d_model, heads));
  norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d_model})));
  norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d_model})));
  ff1 = register_module("ff1", torch::nn::Linear(d_model, d_ff));
  ff2 = register_module("ff2", torch::nn::Linear(d_ff, d_model));
  dropout = register_module("dropout", torch::nn::Dropout(p));
}

torch::Tensor TransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
  auto h = x + applyDropout(dropout, attention->forward(norm1->forward(x), mask));
  return h + applyDropout(dropout, 
                 ff2->forward(applyDropout(dropout, torch::gelu(ff1->forward(norm2->forward(h))))));
}

torch::Tensor TransformerBlockImpl::step(const torch::Tensor& x_t, KVCache& cache) {
  auto h = x_t + applyDropout(dropout, attention->step(norm1->forward(x_t), cache));
  return h + applyDropout(dropout, 
                 ff2->forward(applyDropout(dropout, torch::gelu(ff1->forward(norm2->forward(h))))));
}

}  // namespace aaren
